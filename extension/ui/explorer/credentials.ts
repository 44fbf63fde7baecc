// Secrets that clouds.yaml and secure.yaml leave out (a password, an application credential
// secret): asked for with a masked input box naming the cloud, kept in memory for the session,
// and, if the user agrees, in VS Code's SecretStorage. Never in files, settings or logs.
// A stored secret is bound to the cloud's name, auth_url, user and TLS verification
// (secretBinding.ts): a clouds.yaml that reuses the name for another endpoint never receives it
// without the user seeing both endpoints and choosing to use it anyway.
import * as vscode from 'vscode';
import type { CloudRegion, LoadedConfig, ResolvedConfig } from '../../config/index';
import { cloudsLackingSecrets, regionNeedingSecret } from './secretNeeds';
import { secretIdentity, type StoredSecret } from './secretBinding';
import type { Log } from '../log';

const INDEX_KEY = 'openstack.storedSecrets';

/** How a prompt names the secret of an auth key: the key in words ("application credential secret"), or this. */
const SECRET_NAMES: Record<string, string> = { passcode: 'TOTP passcode' };

export function secretName(key: string): string {
  return SECRET_NAMES[key] ?? key.replace(/_/g, ' ');
}

export type { StoredSecret };

const identity = (region: CloudRegion, key: string): StoredSecret => secretIdentity(region, key);

export class CredentialStore implements vscode.Disposable {
  /** storageKey -> value: what was entered (or read from SecretStorage) in this window. */
  private readonly memory = new Map<string, { cloud: string; value: string }>();
  /** One question at a time: a second input box would close the first. */
  private questions: Promise<unknown> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the cloud's name when a secret of it is entered or forgotten. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly state: vscode.Memento, private readonly log: Log) {}

  /** Known without asking (entered in this window, or stored). */
  has(region: CloudRegion, key: string): boolean {
    const id = identity(region, key);
    return this.memory.has(id.storageKey) || this.index().some((s) => s.storageKey === id.storageKey);
  }

  /** The secret from memory or SecretStorage, without asking. */
  async get(region: CloudRegion, key: string): Promise<string | undefined> {
    const id = identity(region, key);
    const known = this.memory.get(id.storageKey);
    if (known !== undefined) return known.value;
    if (!this.index().some((s) => s.storageKey === id.storageKey)) return undefined;
    const stored = await this.secrets.get(id.storageKey);
    if (stored !== undefined) this.keep(id, stored);
    return stored;
  }

  /** The secret, asking the user when it is not known; undefined when they cancel. */
  async obtain(region: CloudRegion, key: string): Promise<string | undefined> {
    return (await this.get(region, key)) ?? this.ask(region, key);
  }

  /** For CloudsConfigService: the known secrets of clouds that cannot resolve without one. */
  async secretsForResolution(loaded: LoadedConfig, resolved: ResolvedConfig): Promise<Record<string, Record<string, string>>> {
    const out: Record<string, Record<string, string>> = {};
    for (const { cloud, keys } of cloudsLackingSecrets(resolved)) {
      for (const key of keys) {
        const region = regionNeedingSecret(loaded, cloud, key);
        const value = region && (await this.get(region, key));
        if (value) (out[cloud] ??= {})[key] = value;
      }
    }
    return out;
  }

  /** A TOTP passcode: asked every time, never kept. */
  askPasscode(region: CloudRegion): Promise<string | undefined> {
    return this.serially(() => vscode.window.showInputBox({
      title: `OpenStack: TOTP passcode for cloud "${region.name}"`,
      prompt: this.who(region),
      password: true,
      ignoreFocusOut: true,
    }));
  }

  /** The cloud refused the secret: forget it everywhere, so that the next use asks again. */
  async refused(region: CloudRegion, key: string): Promise<void> {
    const id = identity(region, key);
    this.memory.delete(id.storageKey);
    if (this.index().some((s) => s.storageKey === id.storageKey)) await this.remove([id.storageKey]);
    this.changed.fire(region.name);
    this.log.warn(`${region.name}: the ${secretName(key)} was refused and forgotten`);
  }

  /** Secrets kept in SecretStorage (what "Forget Stored Credentials" offers). */
  stored(): readonly StoredSecret[] {
    return this.index();
  }

  /** Forgets the secrets of these clouds (all when none are named), in memory and in SecretStorage. */
  async forget(clouds?: readonly string[]): Promise<StoredSecret[]> {
    const match = (cloud: string) => !clouds || clouds.includes(cloud);
    const removed = this.index().filter((s) => match(s.cloud));
    await this.remove(removed.map((s) => s.storageKey));
    for (const [k, entry] of [...this.memory]) if (match(entry.cloud)) this.memory.delete(k);
    for (const cloud of new Set(removed.map((r) => r.cloud))) this.changed.fire(cloud);
    return removed;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async ask(region: CloudRegion, key: string): Promise<string | undefined> {
    return this.serially(async () => {
      const already = await this.get(region, key); // answered while this question waited its turn
      if (already !== undefined) return already;
      const name = secretName(key);
      const borrowed = await this.offerStoredForOtherEndpoint(region, key);
      if (borrowed !== undefined) return borrowed;
      const value = await vscode.window.showInputBox({
        title: `OpenStack: ${name} for cloud "${region.name}"`,
        prompt: `${this.who(region)} (clouds.yaml and secure.yaml have no ${name} for this cloud)`,
        placeHolder: name,
        password: true,
        ignoreFocusOut: true,
      });
      if (!value) return undefined;
      const id = identity(region, key);
      this.keep(id, value);
      const remember = await vscode.window.showQuickPick(
        [
          { label: '$(lock) Remember it in VS Code\'s secret storage', remember: true },
          { label: '$(clock) Only until VS Code closes', remember: false },
        ],
        { title: `OpenStack: keep the ${name} for "${region.name}"?`, placeHolder: 'Stored secrets can be removed with "OpenStack: Forget Stored Credentials"', ignoreFocusOut: true },
      );
      if (remember?.remember) {
        await this.secrets.store(id.storageKey, value);
        await this.state.update(INDEX_KEY, [...this.index().filter((s) => s.storageKey !== id.storageKey), id]);
        this.log.info(`${region.name}: the ${name} is kept in VS Code's secret storage`);
      }
      return value;
    });
  }

  /**
   * A secret stored for this cloud name but another endpoint (auth_url, user or TLS verification):
   * never used silently. The user sees both and may use it anyway, for this window only.
   */
  private async offerStoredForOtherEndpoint(region: CloudRegion, key: string): Promise<string | undefined> {
    const id = identity(region, key);
    const other = this.index().find((s) => s.cloud === id.cloud && s.key === key && s.storageKey !== id.storageKey);
    if (!other) return undefined;
    const where = (s: StoredSecret) => `${s.authUrl || '(no auth_url)'}${s.user ? ` as ${s.user}` : ''}, TLS: ${s.tls ?? 'system CAs'}`;
    const choice = await vscode.window.showWarningMessage(
      `The ${secretName(key)} stored for "${region.name}" belongs to another endpoint. Use it anyway?`,
      { modal: true, detail: `Stored for: ${where(other)}\nThis clouds.yaml: ${where(id)}\n\nA clouds.yaml in a workspace can reuse a cloud's name to receive its secret.` },
      'Use Anyway', 'Enter Another',
    );
    if (choice !== 'Use Anyway') return undefined;
    const value = await this.secrets.get(other.storageKey);
    if (value !== undefined) {
      this.keep(id, value); // this window only: the binding in SecretStorage stays as it was
      this.log.warn(`${region.name}: the ${secretName(key)} stored for ${other.authUrl} is used for ${id.authUrl}, as the user chose`);
    }
    return value;
  }

  private who(region: CloudRegion): string {
    const id = identity(region, '');
    return [id.user && `user ${id.user}`, id.authUrl && `at ${id.authUrl}`].filter(Boolean).join(' ') || region.name;
  }

  private keep(id: StoredSecret, value: string): void {
    const fresh = !this.memory.has(id.storageKey);
    this.memory.set(id.storageKey, { cloud: id.cloud, value });
    if (fresh) this.changed.fire(id.cloud);
    this.log.addKnownSecrets([value]);
  }

  private async remove(storageKeys: string[]): Promise<void> {
    for (const k of storageKeys) await this.secrets.delete(k);
    await this.state.update(INDEX_KEY, this.index().filter((s) => !storageKeys.includes(s.storageKey)));
  }

  private index(): StoredSecret[] {
    return this.state.get<StoredSecret[]>(INDEX_KEY) ?? [];
  }

  private serially<T>(question: () => Thenable<T> | Promise<T>): Promise<T> {
    const next = this.questions.then(question, question);
    this.questions = next.catch(() => undefined);
    return next;
  }
}

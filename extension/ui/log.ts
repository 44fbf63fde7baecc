import * as vscode from 'vscode';
import { redactText } from '../config/secrets';

/**
 * The extension's one log: a LogOutputChannel named "OpenStack" whose every line passes through
 * secret redaction first (known secret values of the loaded clouds, and token/password fields).
 */
export class Log implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private secrets: string[] = [];

  constructor() {
    this.channel = vscode.window.createOutputChannel('OpenStack', { log: true });
  }

  /** Literal secrets (passwords, application credential secrets) to hide wherever they appear. */
  setKnownSecrets(values: Iterable<string>): void {
    // Short ones too: redactText masks those only where they stand as a word of their own.
    this.secrets = [...new Set(values)].filter((v) => v.length > 0);
  }

  /** Adds secrets entered by the user (they are in no file, so setKnownSecrets never saw them). */
  addKnownSecrets(values: Iterable<string>): void {
    this.secrets = [...new Set([...this.secrets, ...values])].filter((v) => v.length > 0);
  }

  redact(text: string): string {
    return redactText(text, this.secrets);
  }

  trace(message: string): void {
    this.channel.trace(this.redact(message));
  }

  info(message: string): void {
    this.channel.info(this.redact(message));
  }

  warn(message: string): void {
    this.channel.warn(this.redact(message));
  }

  error(message: string, error?: unknown): void {
    const detail = error instanceof Error ? `${error.message}${error.stack ? `\n${error.stack}` : ''}` : error === undefined ? '' : String(error);
    this.channel.error(this.redact(detail ? `${message}: ${detail}` : message));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

// "Filter Clouds…" / "Clear Filter" on the view's title and "Filter…" / "Clear Filter" on a list
// row: the quick pick and input box over the pure rules of cloudFilter.ts and textFilter.ts. The
// cloud filter is kept in workspaceState; the view's description says "2 of 3 clouds".
import * as vscode from 'vscode';
import type { CloudsConfigService } from '../cloudsConfigService';
import { registerCommand } from '../commandRunner';
import type { Log } from '../log';
import type { CloudsTreeProvider } from '../tree/cloudsTreeProvider';
import { FolderNode } from '../tree/folderNode';
import { KINDS } from './resourceKinds';
import { filterChoices, filterDescription, filterFromPicks, isCloudShown, isFiltered, NO_FILTER, readFilter, type CloudFilter } from './cloudFilter';

const KEY = 'openstack.cloudFilter';
const FILTERED_CONTEXT = 'openstack.cloudsFiltered';

/** The cloud filter of this workspace. */
export class CloudFilterStore {
  /** Set once the view exists: shows "2 of 3 clouds" in its title. */
  view: vscode.TreeView<unknown> | undefined;

  constructor(private readonly state: vscode.Memento) {}

  /**
   * The tree made its roots from these clouds: the view's description says how many show, and so
   * does its message above the rows (a view alone in its container has its header merged into the
   * container's title, which shows no description).
   */
  describeView(clouds: Parameters<typeof filterDescription>[1]): void {
    if (!this.view) return;
    const described = filterDescription(this.get(), clouds);
    this.view.description = described;
    this.view.message = described ? vscode.l10n.t('Filtered: {0} shown. Clear Cloud Filter in the view\'s title shows them all.', described) : undefined;
  }

  get(): CloudFilter {
    return readFilter(this.state.get(KEY));
  }

  isCloudShown(cloud: string): boolean {
    return isCloudShown(this.get(), cloud);
  }

  async set(filter: CloudFilter): Promise<void> {
    await this.state.update(KEY, isFiltered(filter) ? filter : undefined);
  }
}

/** Command arguments for automation and tests: `executeCommand('openstack.filterClouds', { shown: ['a', 'b/RegionOne'] })`. */
interface FilterArgs {
  shown: string[];
}

/**
 * The commands, and the view's description. The description is counted when the tree makes its
 * roots (`describeView`, given to the tree provider): never at activation, which reads no file.
 */
export function registerFilterCommands(log: Log, config: CloudsConfigService, tree: CloudsTreeProvider, view: vscode.TreeView<unknown>, store: CloudFilterStore): vscode.Disposable[] {
  store.view = view;
  const setContext = () => vscode.commands.executeCommand('setContext', FILTERED_CONTEXT, isFiltered(store.get()));
  void setContext();
  const apply = async (filter: CloudFilter) => {
    await store.set(filter);
    await setContext();
    if (!isFiltered(filter)) view.description = view.message = undefined;
    tree.rebuild(); // the roots are made again, and the description with them
    log.info(`cloud filter: ${isFiltered(filter) ? `hidden ${[...filter.hiddenClouds, ...filter.hiddenRegions.map((r) => `${r.cloud}/${r.region}`)].join(', ')}` : 'none'}`);
  };
  return [
    registerCommand(log, 'openstack.filterClouds', async (args?: unknown) => {
      const { resolved } = await config.getView();
      const clouds = resolved.clouds;
      if (!clouds.length) {
        void vscode.window.showInformationMessage(vscode.l10n.t('There are no clouds to filter: clouds.yaml defines none.'));
        return undefined;
      }
      const picked = isFilterArgs(args) ? pickedFromArgs(args, clouds) : await pick(store.get(), clouds);
      if (!picked) return undefined;
      await apply(filterFromPicks(store.get(), clouds, picked));
      return store.get();
    }),
    registerCommand(log, 'openstack.clearCloudFilter', () => apply(NO_FILTER)),
    registerCommand(log, 'openstack.filterList', async (node: unknown, text?: unknown) => {
      if (!(node instanceof FolderNode)) return;
      const value = typeof text === 'string' ? text : await vscode.window.showInputBox({
        title: vscode.l10n.t('Filter {0} of {1}', KINDS[node.kind].label, node.region.name),
        prompt: vscode.l10n.t('Rows whose name, status, ID or IP address contain this text (empty: all rows)'),
        value: tree.textFilterOf(node) ?? '',
      });
      if (value === undefined) return;
      tree.setTextFilter(node, value);
    }),
    registerCommand(log, 'openstack.clearListFilter', (node: unknown) => (node instanceof FolderNode ? tree.setTextFilter(node, undefined) : undefined)),
  ];
}

type Clouds = Parameters<typeof filterChoices>[1];

async function pick(filter: CloudFilter, clouds: Clouds): Promise<{ cloud: string; region?: string }[] | undefined> {
  const items = filterChoices(filter, clouds).map((c) => ({
    label: c.region ? `${c.cloud} / ${c.region}` : c.cloud,
    description: c.region ? vscode.l10n.t('region') : undefined,
    picked: c.picked,
    choice: c,
  }));
  const chosen = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: vscode.l10n.t('Clouds and regions the view shows'),
    placeHolder: vscode.l10n.t('A hidden cloud is never logged in to by the view'),
    ignoreFocusOut: true,
  });
  return chosen?.map((i) => i.choice);
}

function isFilterArgs(v: unknown): v is FilterArgs {
  return !!v && typeof v === 'object' && Array.isArray((v as FilterArgs).shown);
}

/** `cloud` shows all of a cloud, `cloud/region` one region of it. */
function pickedFromArgs(args: FilterArgs, clouds: Clouds): { cloud: string; region?: string }[] {
  return args.shown.flatMap((spec) => {
    const cloud = clouds.find((c) => c.name === spec);
    if (cloud) return [{ cloud: cloud.name }, ...cloud.regions.map((r) => ({ cloud: cloud.name, region: r.region_name }))];
    const slash = spec.lastIndexOf('/');
    return slash > 0 ? [{ cloud: spec.slice(0, slash) }, { cloud: spec.slice(0, slash), region: spec.slice(slash + 1) }] : [];
  });
}

// Ubuntu cloud images through simplestreams (image-sources.md §1): the root is cloud-images'
// `releases/`, where `streams/v1/index.json` names the `com.ubuntu.cloud:released:download`
// product file; in it, the newest version key that has a `disk1.img` item gives the image path
// (relative to the root) with its sha256 and size. With the cloud-image keyring installed the
// signed twins (`.sjson`) are read and only their verified payload is parsed.
import { debianArch } from '../reference';
import { NO_KEYRING } from './checksumDocuments';
import { SourceError, under, type ImageSource, type ResolvedImage, type SourceContext, type Trust } from '../source';

const CONTENT_ID = 'com.ubuntu.cloud:released:download';
const MAX_DEPTH_KEYS = 20_000;

interface IndexEntry { datatype?: string; path?: string; format?: string }
interface Item { ftype?: string; path?: string; sha256?: string; md5?: string; size?: number }
interface Version { items?: Record<string, Item>; label?: string; pubname?: string }
interface Product { arch?: string; os?: string; release?: string; version?: string; aliases?: string; versions?: Record<string, Version> }

function object(value: unknown, what: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new SourceError(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** The product file's path (relative to the root) from the stream index, chosen by content id and datatype. */
export function productPathFromIndex(indexText: string): string {
  const index = object(object(JSON.parse(indexText), 'the stream index').index, 'the stream index\'s "index"') as Record<string, IndexEntry>;
  const entry = index[CONTENT_ID];
  if (!entry || entry.datatype !== 'image-downloads' || typeof entry.path !== 'string') {
    throw new SourceError(`the stream index has no ${CONTENT_ID} entry of datatype image-downloads`);
  }
  return entry.path;
}

/** Whether a product is the release asked for: by version (24.04), codename (noble) or alias (lts). */
function matchesRelease(product: Product, release: string): boolean {
  const aliases = (product.aliases ?? '').split(',').map((a) => a.trim());
  return product.version === release || product.release === release || aliases.includes(release);
}

export interface UbuntuPick { productKey: string; version: string; item: Item & { path: string; sha256: string }; product: Product }

/** In the product file: the server product of the release and arch, and its newest version with a disk1.img. */
export function pickFromProducts(productsText: string, release: string, arch: string): UbuntuPick {
  const doc = object(JSON.parse(productsText), 'the product file');
  if (doc.content_id !== undefined && doc.content_id !== CONTENT_ID) throw new SourceError(`the product file is ${String(doc.content_id)}, not ${CONTENT_ID}`);
  const products = object(doc.products, 'the product file\'s "products"') as Record<string, Product>;
  const keys = Object.keys(products);
  if (keys.length > MAX_DEPTH_KEYS) throw new SourceError(`the product file has ${keys.length} products, more than ${MAX_DEPTH_KEYS}`);
  const wantedArch = debianArch(arch);
  const productKey = keys.filter((k) => k.startsWith('com.ubuntu.cloud:server:') && products[k]!.arch === wantedArch && matchesRelease(products[k]!, release)).sort().at(-1);
  if (!productKey) throw new SourceError(`no Ubuntu server image for release ${release} on ${wantedArch} in ${CONTENT_ID}`);
  const product = products[productKey]!;
  // Serials are "sortable by LANG=C sort" (simplestreams README): the greatest with the item wins.
  const versions = Object.entries(product.versions ?? {}).filter(([, v]) => {
    const item = v.items?.['disk1.img'];
    return typeof item?.path === 'string' && typeof item.sha256 === 'string';
  }).map(([k]) => k).sort();
  const version = versions.at(-1);
  if (!version) throw new SourceError(`${productKey} has no version with a disk1.img`);
  return { productKey, version, item: product.versions![version]!.items!['disk1.img'] as UbuntuPick['item'], product };
}

/** Reads a stream file: the signed `.sjson` twin, verified, when a keyring is there; else the `.json`. */
async function readStream(ctx: SourceContext, jsonPath: string): Promise<{ text: string; trust: Trust; url: string }> {
  if (ctx.keyring) {
    const url = under(ctx.root, jsonPath.replace(/\.json$/, '.sjson'));
    const text = await ctx.verifyClearSigned(await ctx.read(url), ctx.keyring);
    return { text, url, trust: { signed: true, keyring: ctx.keyring, document: url } };
  }
  const url = under(ctx.root, jsonPath.replace(/\.sjson$/, '.json'));
  return { text: await ctx.read(url), url, trust: NO_KEYRING('Ubuntu') };
}

export const ubuntu: ImageSource = {
  id: 'ubuntu',
  title: 'Ubuntu Server cloud images (simplestreams)',
  officialRoot: 'https://cloud-images.ubuntu.com/releases/',
  exampleReleases: ['24.04', '22.04', '20.04', 'noble', 'lts'],
  keyrings: ['/usr/share/keyrings/ubuntu-cloudimage-keyring.gpg'],
  signs: true,
  async resolve(ref, ctx): Promise<ResolvedImage> {
    const index = await readStream(ctx, 'streams/v1/index.json');
    const products = await readStream(ctx, productPathFromIndex(index.text));
    const pick = pickFromProducts(products.text, ref.release, ref.arch);
    const { item } = pick;
    return {
      source: 'ubuntu',
      ref,
      version: pick.version,
      url: under(ctx.root, item.path),
      fileName: item.path.split('/').at(-1)!,
      digest: { algorithm: 'sha256', hex: item.sha256.toLowerCase(), ...(typeof item.size === 'number' ? { size: item.size } : {}) },
      checksumUrl: products.url,
      trust: products.trust,
      diskFormat: 'qcow2',
      properties: { os_distro: 'ubuntu', os_version: pick.product.version ?? ref.release, architecture: ref.arch },
    };
  },
};

// What an existing resource exports as: a server as "boot a server like this one" (its image,
// flavor, networks, key pair, security groups, and a floating IP if it has one), an image as
// "upload this image" (its formats and visibility; its file is not known, so the playbook leaves
// `image_file` for the user). The values come from a cloud's answer: they reach the playbook only
// through exportPlaybook's writer, which quotes them and marks templates `!unsafe`.
import type { ServerDetailsInput } from '../openstack/compute/serverDetails';
import type { Image } from '../openstack/services/image';
import type { BootExport, CollectionVersion, UploadExport } from './exportPlaybook';

type Choices<T> = Omit<T, 'clouds' | 'collectionVersion' | 'generator'>;

/** The boot of a server like this one; a server booted from a volume has no image to name (refused). */
export function bootExportOfServer(input: ServerDetailsInput): Choices<BootExport> {
  const { server } = input;
  const imageId = typeof server.image === 'object' ? server.image?.id : undefined;
  const image = input.imageName || imageId;
  if (!image) throw new Error(`${server.name} was booted from a volume: the export boots servers from an image`);
  const flavor = input.flavor?.name ?? server.flavor?.original_name ?? server.flavor?.id;
  if (!flavor) throw new Error(`${server.name}: the cloud did not say its flavor`);
  const addresses = Object.entries(server.addresses ?? {});
  const groups = Array.isArray(server.security_groups) ? server.security_groups as { name?: unknown }[] : [];
  // One entry per port: a group on two ports is named twice.
  const securityGroups = [...new Set(groups.map((g) => g.name).filter((n): n is string => typeof n === 'string' && n !== ''))];
  return {
    name: server.name,
    image,
    flavor,
    networks: addresses.map(([network]) => network),
    keyName: server.key_name ?? undefined,
    autoIp: addresses.some(([, list]) => Array.isArray(list) && list.some((a) => a['OS-EXT-IPS:type'] === 'floating')),
    securityGroups: securityGroups.length ? securityGroups : undefined,
  };
}

/** The upload of an image like this one; 1.x's module says only public or private (other visibilities are left out). */
export function uploadExportOfImage(image: Image, version: CollectionVersion): Choices<UploadExport> {
  const visibility = image.visibility === undefined || version === '2' || image.visibility === 'public' || image.visibility === 'private' ? image.visibility : undefined;
  return {
    name: image.name || image.id,
    diskFormat: image.disk_format || 'qcow2',
    containerFormat: image.container_format || undefined,
    visibility,
  };
}

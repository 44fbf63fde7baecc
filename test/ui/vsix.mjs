// Lists and reads the files of a .vsix (a zip) from its central directory: no unzip tool, no dependency.
import fs from 'node:fs';
import zlib from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/** [{ name, size }] of every entry, size uncompressed. */
export function listVsix(file) {
  return entries(fs.readFileSync(file), file).map(({ name, size }) => ({ name, size }));
}

/** The bytes of the entry `name` (e.g. `extension/package.json`); throws if the .vsix lacks it. */
export function readVsixFile(file, name) {
  const zip = fs.readFileSync(file);
  const entry = entries(zip, file).find((e) => e.name === name);
  if (!entry) throw new Error(`${file} has no ${name}`);
  if (zip.readUInt32LE(entry.offset) !== LOCAL_FILE_HEADER) throw new Error(`${file}: bad local header of ${name}`);
  const start = entry.offset + 30 + zip.readUInt16LE(entry.offset + 26) + zip.readUInt16LE(entry.offset + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === STORED) return Buffer.from(data);
  if (entry.method === DEFLATED) return zlib.inflateRawSync(data);
  throw new Error(`${file}: ${name} uses zip method ${entry.method}`);
}

function entries(zip, file) {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const found = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== CENTRAL_FILE_HEADER) throw new Error(`${file}: bad central directory at ${offset}`);
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    found.push({ name: zip.toString('utf8', offset + 46, offset + 46 + nameLength), size, compressedSize, method, offset: localOffset });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return found;
}

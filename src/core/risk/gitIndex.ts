// The paths git tracks, read from the index file (`.git/index`, versions 2 to 4), so a folder counts as ignored build
// output only when it holds nothing git tracks: an ignore rule an agent adds does not make the sources disposable.

const decoder = new TextDecoder();

function uint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}

/** Every tracked path, or undefined when the bytes are not an index git writes (or end early). */
export function trackedPaths(bytes: Uint8Array): string[] | undefined {
  if (bytes.length < 12 || decoder.decode(bytes.subarray(0, 4)) !== 'DIRC') return undefined;
  const version = uint32(bytes, 4);
  const count = uint32(bytes, 8);
  if (version < 2 || version > 4) return undefined;
  const paths: string[] = [];
  let offset = 12;
  let previous: Uint8Array = new Uint8Array(0);
  for (let entry = 0; entry < count; entry++) {
    if (offset + 62 > bytes.length) return undefined;
    const flags = (bytes[offset + 60] << 8) | bytes[offset + 61];
    // Version 3 entries with the extended bit carry two more flag bytes.
    let at = offset + 62 + (version >= 3 && flags & 0x4000 ? 2 : 0);
    let strip = 0;
    if (version === 4) {
      // Version 4 names are the previous name, less `strip` bytes, plus a suffix (git's varint.c encoding).
      let byte = bytes[at++];
      strip = byte & 127;
      while (byte & 128) {
        byte = bytes[at++];
        strip = ((strip + 1) << 7) | (byte & 127);
      }
    }
    const end = bytes.indexOf(0, at);
    if (end < 0) return undefined;
    let name: Uint8Array = bytes.subarray(at, end);
    if (version === 4) {
      // The strip counts bytes of the previous name, not characters.
      const kept = previous.subarray(0, Math.max(0, previous.length - strip));
      const joined = new Uint8Array(kept.length + name.length);
      joined.set(kept);
      joined.set(name, kept.length);
      name = joined;
    }
    paths.push(decoder.decode(name));
    previous = name;
    // Versions 2 and 3 pad each entry with 1 to 8 NULs to a multiple of eight; version 4 has one NUL.
    offset = version === 4 ? end + 1 : offset + ((end - offset + 8) & ~7);
  }
  return paths;
}

/** Whether git tracks `relative` or anything below it (paths relative to the repository, `/`-separated). */
export function tracksUnder(paths: readonly string[], relative: string): boolean {
  const prefix = `${relative}/`;
  return paths.some((path) => path === relative || path.startsWith(prefix));
}

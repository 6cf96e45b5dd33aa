// The only way classification touches files: injected, synchronous, read-only.

export interface FileReader {
  /** The text of the file at an absolute path, or undefined when it does not exist or is not a file. */
  read(path: string): string | undefined;
  /** Whether anything (file, folder, link) is at the path; a reader that cannot tell leaves it out, and nothing counts as missing. */
  exists?(path: string): boolean;
  /** The names in a folder, or undefined when it cannot be listed; a reader that cannot list leaves it out. */
  list?(folder: string): readonly string[] | undefined;
  /** The path with every symbolic link in it followed, as far as it exists; a reader that cannot tell leaves it out. */
  resolve?(path: string): string | undefined;
  /** The bytes of a binary file (git's index), or undefined when it is missing or too large; a reader that cannot read bytes leaves it out. */
  bytes?(path: string): Uint8Array | undefined;
}

/** Where `path` leads when a symbolic link in it points elsewhere; undefined when it leads nowhere else (or the reader cannot tell). */
export function linkedPath(reader: FileReader | undefined, path: string): string | undefined {
  // Devices and the kernel's files are what they are named.
  if (path.startsWith('/dev/') || path.startsWith('/proc/')) return undefined;
  const real = reader?.resolve?.(path);
  return real !== undefined && real !== path ? real : undefined;
}

/** A reader for one judged line: each path's links followed once, and links the line itself makes followed too. */
export interface LineReader extends FileReader {
  /** `ln -s target link` earlier in the line: what is judged after it goes through the link, which is not on disk yet. */
  linked(link: string, target: string): void;
}

export function resolvingOnce(reader: FileReader): LineReader {
  const known = new Map<string, string | undefined>();
  const made = new Map<string, string>();
  const onDisk = (path: string): string | undefined => reader.resolve?.(path);
  const resolve = (path: string, hops = 0): string | undefined => {
    if (!known.has(path)) {
      const link = hops < 8 ? [...made.keys()].find((name) => path === name || path.startsWith(`${name}/`)) : undefined;
      known.set(path, link === undefined ? onDisk(path) : (resolve(`${made.get(link) ?? link}${path.slice(link.length)}`, hops + 1) ?? `${made.get(link) ?? link}${path.slice(link.length)}`));
    }
    return known.get(path);
  };
  return {
    ...reader,
    resolve: (path) => resolve(path),
    linked(link, target) {
      made.set(link, target);
      known.clear();
    },
  };
}

/** A reader over a fixed set of files, for tests and for callers that have nothing on disk. */
export function memoryReader(files: Readonly<Record<string, string>>): FileReader {
  return {
    read: (path) => files[path],
    bytes: (path) => (path in files ? Uint8Array.from(files[path], (character) => character.charCodeAt(0) & 0xff) : undefined),
    exists: (path) => path in files || Object.keys(files).some((file) => file.startsWith(`${path}/`)),
    list(folder) {
      const prefix = folder.endsWith('/') ? folder : `${folder}/`;
      const names = Object.keys(files).filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length).split('/')[0]);
      return names.length ? [...new Set(names)] : undefined;
    },
  };
}

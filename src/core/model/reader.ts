// The only way classification touches files: injected, synchronous, read-only.

export interface FileReader {
  /** The text of the file at an absolute path, or undefined when it does not exist or is not a file. */
  read(path: string): string | undefined;
  /** Whether anything (file, folder, link) is at the path; a reader that cannot tell leaves it out, and nothing counts as missing. */
  exists?(path: string): boolean;
}

/** A reader over a fixed set of files, for tests and for callers that have nothing on disk. */
export function memoryReader(files: Readonly<Record<string, string>>): FileReader {
  return { read: (path) => files[path], exists: (path) => path in files || Object.keys(files).some((file) => file.startsWith(`${path}/`)) };
}

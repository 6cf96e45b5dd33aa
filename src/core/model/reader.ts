// The only way classification touches files: injected, synchronous, read-only.

export interface FileReader {
  /** The text of the file at an absolute path, or undefined when it does not exist or is not a file. */
  read(path: string): string | undefined;
}

/** A reader over a fixed set of files, for tests and for callers that have nothing on disk. */
export function memoryReader(files: Readonly<Record<string, string>>): FileReader {
  return { read: (path) => files[path] };
}

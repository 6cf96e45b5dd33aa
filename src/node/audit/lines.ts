// Reads a log file's lines as byte ranges, in large chunks: a log of hundreds of megabytes never becomes one string.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const newline = 0x0a;
const forwardChunk = 8 * 1024 * 1024;
const backwardChunk = 64 * 1024;

/** Calls `visit` with each line of the file (without its newline) and its 1-based number; a last line without one counts. */
export function forEachLine(file: string, visit: (buffer: Buffer, start: number, end: number, line: number) => void): void {
  const descriptor = openSync(file, 'r');
  try {
    forEachLineOf(descriptor, visit);
  } finally {
    closeSync(descriptor);
  }
}

/** `forEachLine` on a file already open, read from its start. */
export function forEachLineOf(descriptor: number, visit: (buffer: Buffer, start: number, end: number, line: number) => void): void {
  let buffer = Buffer.allocUnsafe(Math.min(forwardChunk, Math.max(fstatSync(descriptor).size, 1)));
  let filled = 0;
  let position = 0;
  let line = 0;
  for (;;) {
    if (filled === buffer.length) {
      // A line longer than the buffer: grow it rather than split the line.
      const larger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(larger, 0, 0, filled);
      buffer = larger;
    }
    const read = readSync(descriptor, buffer, filled, buffer.length - filled, position);
    if (read === 0) {
      if (filled > 0) visit(buffer, 0, filled, ++line);
      return;
    }
    position += read;
    const end = filled + read;
    let start = 0;
    let found = buffer.indexOf(newline, filled);
    while (found !== -1 && found < end) {
      visit(buffer, start, found, ++line);
      start = found + 1;
      found = buffer.indexOf(newline, start);
    }
    buffer.copy(buffer, 0, start, end);
    filled = end - start;
  }
}

/**
 * Calls `visit` with the lines of an open file from the last to the first, until it returns false. The buffer is
 * only valid during the call. An empty final segment after the file's last newline is not a line.
 */
export function forEachLineBackward(descriptor: number, size: number, visit: (line: Buffer) => boolean): void {
  let position = size;
  let carry = Buffer.alloc(0);
  let last = true;
  while (position > 0) {
    const length = Math.min(backwardChunk, position);
    position -= length;
    const block = Buffer.allocUnsafe(length + carry.length);
    if (readSync(descriptor, block, 0, length, position) < length) throw new Error('the log file shrank while it was being read');
    carry.copy(block, length);
    let end = block.length;
    if (last && block[end - 1] === newline) end--;
    last = false;
    let found = end > 0 ? block.lastIndexOf(newline, end - 1) : -1;
    while (found !== -1) {
      if (!visit(block.subarray(found + 1, end))) return;
      end = found;
      found = end > 0 ? block.lastIndexOf(newline, end - 1) : -1;
    }
    carry = block.subarray(0, end);
  }
  if (size > 0) visit(carry);
}

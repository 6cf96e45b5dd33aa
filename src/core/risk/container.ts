// A command a container runs sees the host only through its mounts: its files are the mounted ones, its variables the container's.
import type { ContainerView } from '../model/command';
import { isWithin, joinPath, normalizePath, resolvePath } from '../model/paths';
import type { FileReader } from '../model/reader';
import { dotenvValue } from './target';

/** `$(pwd)`, `` `pwd` ``, `$PWD`: the folder `docker run` starts in, however the line spells it. */
const workingFolder = /^(?:\$\(pwd\)|`pwd`|\$\{?PWD\}?)(?=\/|$)/;

function hostPath(text: string, dynamic: boolean, hostCwd: string | undefined, hostHome: string | undefined): string | undefined {
  let path = text;
  if (dynamic && workingFolder.test(path)) {
    if (hostCwd === undefined) return undefined;
    path = path.replace(workingFolder, hostCwd);
    dynamic = /[$`]/.test(path);
  }
  return resolvePath(path, { cwd: hostCwd, home: hostHome }, dynamic).absolute;
}

/** Each mount with its host side resolved; a mount whose host side is only known at run time hides what is inside it. */
function mounts(view: ContainerView, hostCwd: string | undefined): { readonly inside: string; readonly host: string | undefined }[] {
  return view.mounts
    .map((mount) => ({ inside: normalizePath(mount.inside), host: hostPath(mount.host.text, mount.host.dynamic, hostCwd, view.hostHome) }))
    .sort((a, b) => b.inside.length - a.inside.length);
}

/** Reads a path inside the container from the host file mounted there; a path no mount covers is the image's own, unknown here. */
export function containerReader(reader: FileReader | undefined, view: ContainerView, hostCwd: string | undefined): FileReader | undefined {
  if (reader === undefined) return undefined;
  const bound = mounts(view, hostCwd);
  const onHost = (path: string): string | undefined => {
    const inside = normalizePath(path);
    const mount = bound.find((candidate) => isWithin(inside, candidate.inside));
    if (mount?.host === undefined) return undefined;
    return inside === mount.inside ? mount.host : joinPath(mount.host, inside.slice(mount.inside.length + 1));
  };
  return {
    read: (path) => {
      const host = onHost(path);
      return host === undefined ? undefined : reader.read(host);
    },
    exists: (path) => {
      const host = onHost(path);
      // What the image holds is unknown: nothing there counts as missing.
      return host === undefined || reader.exists === undefined ? true : reader.exists(host);
    },
    bytes: (path) => {
      const host = onHost(path);
      return host === undefined ? undefined : reader.bytes?.(host);
    },
  };
}

/** A variable from the container's `--env-file` files, read on the host; a bare `NAME` line passes the outer value, unknown here. */
export function envFileValue(view: ContainerView, name: string, reader: FileReader | undefined, hostCwd: string | undefined): string | undefined {
  if (reader === undefined) return undefined;
  // The last file that sets it wins, as docker reads them.
  for (const file of [...view.envFiles].reverse()) {
    const path = hostPath(file.text, file.dynamic, hostCwd, view.hostHome);
    const text = path === undefined ? undefined : reader.read(path);
    const value = text === undefined ? undefined : dotenvValue(text, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

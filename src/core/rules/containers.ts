// Containers: docker, podman and nerdctl (and compose) deleting data, stopping services, pushing images, escaping to the host.
import { resolvePath } from '../model/paths';
import type { SimpleCommand } from '../model/command';
import { bindMount, composeValues, engineValues, scanRunOptions, volumeParts, type OptionWord } from '../shell/container';
import { hasOption, parseOptions } from '../shell/options';
import { hit, rule, type Hit, type RuleContext, type RulePack, type ReadOnlyCalls } from './rule';

const systemPrune = rule({
  id: 'containers.system.prune',
  level: 'high',
  reason: 'Deletes every stopped container (and its files), unused network, dangling image and the build cache at once.',
  saferAlternative: 'docker system df to see what is there, then docker image prune or docker builder prune',
});
const systemPruneVolumes = rule({
  id: 'containers.system.prune-volumes',
  level: 'critical',
  reason: 'Also deletes every volume no running container uses: the data of every stopped database and service is gone.',
  saferAlternative: 'docker system prune (without --volumes), or docker volume ls and remove volumes one by one',
});
const systemReset = rule({ id: 'containers.system.reset', level: 'critical', reason: 'Deletes every container, image, volume and network of this engine.' });
const volumeDelete = rule({
  id: 'containers.volume.delete',
  level: 'high',
  reason: 'Deletes volumes and the data in them (databases, uploads); there is no undo.',
  saferAlternative: 'back the volume up first (docker run --rm -v NAME:/data -v "$PWD":/backup alpine tar czf /backup/NAME.tgz /data)',
});
const containerDelete = rule({
  id: 'containers.container.delete',
  level: 'high',
  reason: 'Deletes containers: files written inside them (not in a volume) are lost.',
  saferAlternative: 'docker stop (keeps the container), or docker commit to keep its files',
});
const composeDownVolumes = rule({
  id: 'containers.compose.down-volumes',
  level: 'high',
  reason: 'Removes the project’s containers and deletes its volumes, with the data in them.',
  saferAlternative: 'docker compose down (keeps the volumes)',
});
const composeRemove = rule({
  id: 'containers.compose.rm',
  level: 'high',
  reason: 'Deletes the project’s stopped service containers and the files written inside them.',
  saferAlternative: 'docker compose stop',
});
const imageDelete = rule({
  id: 'containers.image.delete',
  level: 'high',
  reason: 'Deletes the named images; pulled ones come back with a pull, but an image built only here is gone.',
});
const imagePrune = rule({ id: 'containers.image.prune', level: 'medium', reason: 'Deletes images no container uses; they can be pulled or rebuilt.' });
const stop = rule({ id: 'containers.stop', level: 'medium', production: 'high', reason: 'Stops, kills or restarts containers: the services in them go down for a while.' });
const hostAccess = rule({
  id: 'containers.run.host-access',
  level: 'high',
  reason: 'Runs a container with the host’s root access (privileged, host namespaces, the docker socket or a host system folder mounted).',
  saferAlternative: 'drop --privileged and host namespaces; mount only the project folder (-v "$PWD":/app)',
});
const imagePush = rule({ id: 'containers.image.push', level: 'high', reason: 'Publishes an image to a registry, where others pull and run it.', saferAlternative: 'push to a test tag first' });
const swarmLeave = rule({ id: 'containers.swarm.leave', level: 'high', reason: 'Forces this node out of the swarm; on a manager this can break the cluster.' });
const swarmRemove = rule({ id: 'containers.swarm.remove', level: 'high', reason: 'Removes a swarm service, stack, node, secret or config from the whole cluster.' });
const networkDelete = rule({ id: 'containers.network.delete', level: 'medium', reason: 'Deletes container networks; containers attached later fail to connect until it is recreated.' });
const builderPrune = rule({ id: 'containers.builder.prune', level: 'low', reason: 'Empties the build cache: the next builds are slower, nothing else is lost.' });
const machineDelete = rule({ id: 'containers.machine.delete', level: 'high', reason: 'Deletes the container virtual machine with every container, image and volume inside it.' });

/** Host folders whose bind mount hands the container the machine (exactly these; `/etc/localtime` is fine). */
const hostFolders = new Set(['/', '/etc', '/root', '/home', '/Users', '/boot', '/dev', '/proc', '/sys', '/var', '/run', '/var/run', '/usr', '/bin', '/sbin', '/lib', '/private', '/System', '/Library']);
const engineSocket = /(^|\/)(docker|podman|containerd|buildkitd)\.sock$/;
const homeVariable = /^(\$HOME|\$\{HOME\})\/?$/;
const allCapabilities = /^(CAP_)?(ALL|SYS_ADMIN)$/i;

/** True when a bind mount source is the host's root, a system folder, the home folder or an engine socket. */
function sensitiveSource(source: string, dynamic: boolean, context: RuleContext): boolean {
  if (homeVariable.test(source)) return true;
  const resolved = resolvePath(source, { cwd: context.cwd, home: context.home }, dynamic);
  const absolute = resolved.absolute;
  if (absolute === undefined) return false;
  return hostFolders.has(absolute) || engineSocket.test(absolute) || (context.home !== undefined && context.home !== '' && absolute === context.home.replace(/\/+$/, ''));
}

function grantsHost(option: OptionWord, dynamic: boolean, context: RuleContext): boolean {
  const value = option.value;
  switch (option.name) {
    case '--privileged':
    case '--use-api-socket':
      return value === undefined || value.toLowerCase() !== 'false';
    case '--pid':
    case '--net':
    case '--network':
      return value === 'host';
    case '--cap-add':
      return value !== undefined && allCapabilities.test(value);
    case '-v':
    case '--volume': {
      const source = value === undefined ? undefined : volumeParts(value)?.source;
      return source !== undefined && sensitiveSource(source, dynamic, context);
    }
    case '--mount': {
      const source = value === undefined ? undefined : bindMount(value)?.source;
      return source !== undefined && sensitiveSource(source, dynamic, context);
    }
    default:
      return false;
  }
}

/** `run`/`create`: `args` start after the subcommand, at word `base`. */
function run(command: SimpleCommand, args: readonly string[], base: number, context: RuleContext): Hit[] {
  const { options } = scanRunOptions(args);
  if (options.some((option) => option.name === '--help')) return [];
  for (const option of options) {
    const word = command.words[base + option.index];
    if (grantsHost(option, word?.dynamic ?? false, context)) return [hit(hostAccess, word?.span)];
  }
  return [];
}

function compose(command: SimpleCommand, args: readonly string[], base: number, context: RuleContext): Hit[] {
  const parsed = parseOptions(args, { values: composeValues, stopAtOperand: true });
  const sub = args[parsed.end]?.toLowerCase();
  const rest = args.slice(parsed.end + 1);
  // Compose's --dry-run is global: it may come before or after the subcommand.
  if (hasOption(parsed, '--dry-run', '--help') || (sub !== 'run' && (rest.includes('--dry-run') || rest.includes('--help')))) return [];
  switch (sub) {
    case 'down': {
      const options = parseOptions(rest, { values: ['--rmi', '-t', '--timeout'] });
      return [hit(hasOption(options, '-v', '--volumes') && options.options.get('--volumes') !== 'false' ? composeDownVolumes : stop)];
    }
    case 'rm':
      return [hit(composeRemove)];
    case 'stop':
    case 'restart':
    case 'kill':
    case 'pause':
      return [hit(stop)];
    case 'push':
      return [hit(imagePush)];
    case 'run':
      return run(command, rest, base + parsed.end + 1, context);
    default:
      return [];
  }
}

const registryOutput = /(^|,)(type=registry|push=true)(,|$)/;

/** `docker build --push`, `docker buildx build --output type=registry`. */
function buildPushes(args: readonly string[]): boolean {
  return args.some((arg, index) => {
    if (arg === '--push' || arg === '--push=true') return true;
    const output = arg === '--output' || arg === '-o' ? args[index + 1] : /^(--output=|-o)(.+)$/.exec(arg)?.[2];
    return output !== undefined && registryOutput.test(output);
  });
}

function subcommandHits(command: SimpleCommand, sub: string, args: readonly string[], base: number, context: RuleContext): Hit[] {
  const action = args[0]?.toLowerCase();
  const rest = args.slice(1);
  switch (sub) {
    case 'compose':
      return compose(command, args, base, context);
    case 'rm':
      return [hit(containerDelete)];
    case 'rmi':
      return [hit(imageDelete)];
    case 'stop':
    case 'kill':
    case 'restart':
    case 'pause':
      return [hit(stop)];
    case 'run':
    case 'create':
      return run(command, args, base, context);
    case 'push':
      return [hit(imagePush)];
    case 'build':
      return buildPushes(args) ? [hit(imagePush)] : [];
    case 'buildx':
      if (action === 'prune') return [hit(builderPrune)];
      return (action === 'build' || action === 'b' || action === 'bake') && buildPushes(rest) ? [hit(imagePush)] : [];
    case 'container':
    case 'pod':
      if (action === 'rm' || action === 'remove' || action === 'prune') return [hit(containerDelete)];
      if (action === 'stop' || action === 'kill' || action === 'restart' || action === 'pause') return [hit(stop)];
      return action === 'run' || action === 'create' ? run(command, rest, base + 1, context) : [];
    case 'image':
      if (action === 'rm' || action === 'remove') return [hit(imageDelete)];
      if (action === 'prune') return [hit(imagePrune)];
      return action === 'push' ? [hit(imagePush)] : [];
    case 'manifest':
      return action === 'push' ? [hit(imagePush)] : [];
    case 'volume':
      return action === 'rm' || action === 'remove' || action === 'prune' ? [hit(volumeDelete)] : [];
    case 'network':
      return action === 'rm' || action === 'remove' || action === 'prune' ? [hit(networkDelete)] : [];
    case 'system': {
      if (action === 'reset') return [hit(systemReset)];
      if (action !== 'prune') return [];
      const volumes = parseOptions(rest, { values: ['--filter'] }).options.get('--volumes');
      return [hit(volumes !== undefined && volumes !== 'false' ? systemPruneVolumes : systemPrune)];
    }
    case 'builder':
      return action === 'prune' ? [hit(builderPrune)] : [];
    case 'swarm':
      return action === 'leave' && hasOption(parseOptions(rest), '-f', '--force') ? [hit(swarmLeave)] : [];
    case 'service':
    case 'node':
    case 'secret':
    case 'config':
      return action === 'rm' || action === 'remove' ? [hit(swarmRemove)] : [];
    case 'stack':
      return action === 'rm' || action === 'remove' || action === 'down' ? [hit(swarmRemove)] : [];
    case 'machine':
      return action === 'rm' || action === 'remove' || action === 'reset' ? [hit(machineDelete)] : [];
    default:
      return [];
  }
}

export const containersPack: RulePack = {
  readOnly: Object.fromEntries(
    ['docker', 'podman'].map((program): [string, ReadOnlyCalls] => [
      program,
      {
        valueOptions: ['-H', '--host', '-c', '--context', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey'],
        flagOptions: ['-D', '--debug', '--tls', '--tlsverify'],
        subcommands: [['ps'], ['images'], ['info'], ['logs'], ['inspect'], ['image', 'ls'], ['container', 'ls'], ['volume', 'ls'], ['network', 'ls'], ['context', 'ls'], ['context', 'show'], ['system', 'df']],
      },
    ]),
  ),
  name: 'containers',
  title: 'Containers',
  programs: ['docker', 'podman', 'nerdctl', 'docker-compose', 'podman-compose'],
  rules: [
    systemPrune, systemPruneVolumes, systemReset, volumeDelete, containerDelete, composeDownVolumes, composeRemove, imageDelete, imagePrune, stop, hostAccess, imagePush,
    swarmLeave, swarmRemove, networkDelete, builderPrune, machineDelete,
  ],
  check(command, context) {
    if (command.program === 'docker-compose' || command.program === 'podman-compose') return compose(command, command.args, 0, context);
    const parsed = parseOptions(command.args, { values: engineValues, stopAtOperand: true });
    const sub = command.args[parsed.end]?.toLowerCase();
    const rest = command.args.slice(parsed.end + 1);
    const runs = sub === 'run' || sub === 'create' || ((sub === 'container' || sub === 'pod') && /^(run|create)$/.test(rest[0] ?? ''));
    // After `run IMAGE` the words belong to the container's own command, so run checks its options itself.
    if (sub === undefined || hasOption(parsed, '--help') || (!runs && sub !== 'compose' && rest.includes('--help'))) return [];
    return subcommandHits(command, sub, rest, parsed.end + 1, context);
  },
};

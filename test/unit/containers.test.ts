import * as assert from 'node:assert/strict';
import { assess, expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('containers pack', () => {
  before(loadGrammar);

  it('asks before pruning the whole engine, and makes pruning volumes critical', () => {
    expectLevel('docker system prune -af', 'high', 'containers.system.prune');
    expectLevel('docker system prune -af --volumes', 'critical', 'containers.system.prune-volumes');
    expectLevel('podman system prune --all --volumes --force', 'critical', 'containers.system.prune-volumes');
    expectLevel('podman system reset --force', 'critical', 'containers.system.reset');
  });

  it('asks before deleting volumes and containers', () => {
    expectLevel('docker volume rm app_data', 'high', 'containers.volume.delete');
    expectLevel('docker volume prune -f', 'high', 'containers.volume.delete');
    expectLevel('docker rm my-container', 'high', 'containers.container.delete');
    expectLevel('docker rm -f $(docker ps -aq)', 'high', 'containers.container.delete');
    expectLevel('docker container rm -fv web', 'high', 'containers.container.delete');
    expectLevel('docker container prune', 'high', 'containers.container.delete');
    expectLevel('podman pod rm -f dev', 'high', 'containers.container.delete');
    expectLevel('podman machine rm -f', 'high', 'containers.machine.delete');
  });

  it('reads compose files and projects before the compose subcommand', () => {
    expectLevel('docker compose down -v', 'high', 'containers.compose.down-volumes');
    expectLevel('docker compose -f docker-compose.prod.yml -p shop --profile db down --volumes', 'high', 'containers.compose.down-volumes');
    expectLevel('docker-compose --env-file .env.test down -v --remove-orphans', 'high', 'containers.compose.down-volumes');
    expectLevel('podman-compose -f compose.yml rm -f', 'high', 'containers.compose.rm');
    expectLevel('docker compose rm -f', 'high', 'containers.compose.rm');
    expectLevel('docker compose down', 'medium', 'containers.stop');
    expectLevel('docker-compose stop', 'medium', 'containers.stop');
    expectLevel('docker compose restart api', 'medium', 'containers.stop');
  });

  it('reads docker’s own options before the subcommand', () => {
    expectLevel('docker -H ssh://build-host --context ci volume rm cache', 'high', 'containers.volume.delete');
    expectLevel('docker --log-level debug -D system prune -f', 'high', 'containers.system.prune');
    expectLevel('podman --connection remote-box rm web', 'high', 'containers.container.delete');
  });

  it('asks before deleting named images, and only logs pruning unused ones and stopping services', () => {
    expectLevel('docker image rm my-image', 'high', 'containers.image.delete');
    expectLevel('docker rmi -f my-image', 'high', 'containers.image.delete');
    expectLevel('docker image prune -a', 'medium', 'containers.image.prune');
    expectLevel('docker stop my-container', 'medium', 'containers.stop');
    expectLevel('docker kill web', 'medium', 'containers.stop');
    expectLevel('nerdctl restart web', 'medium', 'containers.stop');
    expectLevel('docker network prune -f', 'medium', 'containers.network.delete');
    expectLevel('docker builder prune -af', 'low', 'containers.builder.prune');
    expectLevel('docker buildx prune', 'low', 'containers.builder.prune');
  });

  it('asks before a container gets the host’s root access, and points at the flag', () => {
    expectLevel('docker run --privileged -it ubuntu bash', 'high', 'containers.run.host-access');
    expectLevel('docker run --pid=host alpine ps', 'high', 'containers.run.host-access');
    expectLevel('docker run --net=host nginx', 'high', 'containers.run.host-access');
    expectLevel('docker run --network host nginx', 'high', 'containers.run.host-access');
    expectLevel('docker run --cap-add=SYS_ADMIN alpine', 'high', 'containers.run.host-access');
    expectLevel('docker run -v /var/run/docker.sock:/var/run/docker.sock docker:cli ps', 'high', 'containers.run.host-access');
    expectLevel('docker run --mount type=bind,source=/,target=/host alpine', 'high', 'containers.run.host-access');
    expectLevel('docker run -itv /etc:/host-etc alpine', 'high', 'containers.run.host-access');
    expectLevel('docker run -v ~:/home/me alpine', 'high', 'containers.run.host-access');
    expectLevel('podman container create -v /:/host:ro fedora', 'high', 'containers.run.host-access');
    expectLevel('docker compose run -v /:/host app sh', 'high', 'containers.run.host-access');
    const line = 'docker run --rm -v "$PWD":/app -v /:/host alpine';
    const finding = assess(line).findings.find((found) => found.ruleId === 'containers.run.host-access');
    assert.equal(finding && line.slice(finding.span.start, finding.span.end), '/:/host');
  });

  it('leaves ordinary mounts and the container’s own command alone', () => {
    for (const line of [
      'docker run --rm -it alpine sh',
      'docker run --rm -v "$PWD":/app -w /app node:20 npm test',
      'docker run -d -p 5432:5432 -v pgdata:/var/lib/postgresql/data postgres:16',
      'docker run -v /etc/localtime:/etc/localtime:ro alpine date',
      'docker run -v ./src:/src alpine ls /src',
      'docker run alpine sh -c "echo --privileged"',
      'docker run -e FLAGS=--privileged alpine env',
      'docker run --network my-net nginx',
    ]) {
      expectAllowed(line);
    }
  });

  it('asks before publishing images and changing a swarm', () => {
    expectLevel('docker push registry.example.com/team/app:1.2', 'high', 'containers.image.push');
    expectLevel('docker image push me/app', 'high', 'containers.image.push');
    expectLevel('docker buildx build --platform linux/amd64 --push -t me/app .', 'high', 'containers.image.push');
    expectLevel('docker buildx build -o type=registry -t me/app .', 'high', 'containers.image.push');
    expectLevel('docker compose push', 'high', 'containers.image.push');
    expectLevel('docker swarm leave --force', 'high', 'containers.swarm.leave');
    expectLevel('docker service rm web', 'high', 'containers.swarm.remove');
    expectLevel('docker stack rm shop', 'high', 'containers.swarm.remove');
    expectLevel('docker node rm worker-2', 'high', 'containers.swarm.remove');
  });

  it('treats dry runs and help as no change', () => {
    expectAllowed('docker compose --dry-run down -v');
    expectAllowed('docker compose down -v --dry-run');
    expectAllowed('docker rm --help');
    expectAllowed('docker system prune --help');
    expectAllowed('docker run --help');
  });

  it('follows wrappers', () => {
    expectLevel('sudo docker system prune -af --volumes', 'critical', 'containers.system.prune-volumes');
    expectLevel("bash -c 'cd infra && docker compose down -v'", 'high', 'containers.compose.down-volumes');
  });

  it('lets everyday container work through', () => {
    for (const line of [
      'docker ps -a', 'docker logs -f web', 'docker images', 'docker inspect web', 'docker pull postgres:16', 'docker build -t app .', 'docker buildx build -t app .',
      'docker exec -it web bash', 'docker compose up -d', 'docker compose ps', 'docker compose logs -f api', 'docker compose build', 'docker compose config',
      'docker-compose up --build', 'docker login ghcr.io', 'docker version', 'docker info', 'docker stats --no-stream', 'docker volume ls', 'docker network ls',
      'docker system df', 'docker start web', 'docker tag app me/app:1', 'podman ps', 'nerdctl images', 'docker context ls', 'docker swarm leave',
    ]) {
      expectAllowed(line);
    }
    assert.equal(assess('docker ps').level, 'none');
  });
});

describe('containers on production engines', () => {
  before(loadGrammar);

  it('asks before stopping containers on a production Docker context', () => {
    expectLevel('docker --context prod-eu stop web', 'high', 'containers.stop');
    expectLevel('docker stop web', 'medium', 'containers.stop');
  });
});

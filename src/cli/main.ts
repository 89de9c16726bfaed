#!/usr/bin/env node
/**
 * `cdk8s-piraeus`: the command-line shell around the resolver. Each command is loaded only when
 * it runs, and none loads cdk8s, so start-up stays close to a bare `node`.
 */
import { ExitCode, HelpRequested, Io, processIo } from './common';

interface Command {
  readonly summary: string;
  readonly load: () => { run: (args: string[], io: Io) => number; help: string };
}

const COMMANDS: Record<string, Command> = {
  resolve: {
    summary: 'predict the images the operator chooses (stable JSON output, docs/cli.md)',
    load: () => { const m = require('./resolve'); return { run: m.resolveCommand, help: m.RESOLVE_HELP }; },
  },
  explain: {
    summary: 'show, node by node, which image each component gets and why',
    load: () => { const m = require('./explain'); return { run: m.explainCommand, help: m.EXPLAIN_HELP }; },
  },
  images: {
    summary: 'list every image to mirror (list, skopeo-sync, oc-mirror, related-images, json, mirror-sets)',
    load: () => { const m = require('./images'); return { run: m.imagesCommand, help: m.IMAGES_HELP }; },
  },
  lock: {
    summary: 'import digests into a digest lock, or show it (lock import | lock show)',
    load: () => { const m = require('./lock'); return { run: m.lockCommand, help: m.LOCK_HELP }; },
  },
  report: {
    summary: 'image report per workload and container, per node group (markdown, json, table)',
    load: () => { const m = require('./report'); return { run: m.reportCommand, help: m.REPORT_HELP }; },
  },
  'apply-plan': {
    summary: 'print the kubectl commands that install a synthesized folder on an empty cluster, in order',
    load: () => { const m = require('./apply-plan'); return { run: m.applyPlanCommand, help: m.APPLY_PLAN_HELP }; },
  },
  releases: {
    summary: 'list the built-in operator releases (dates, data exactness, LINSTOR/CSI/DRBD versions)',
    load: () => { const m = require('./releases'); return { run: m.releasesCommand, help: m.RELEASES_HELP }; },
  },
  diff: {
    summary: 'which images (and, between releases, which install objects) change on which nodes',
    load: () => { const m = require('./report'); return { run: m.diffCommand, help: m.DIFF_HELP }; },
  },
};

const MAIN_USAGE = 'usage: cdk8s-piraeus <command> [options]   (cdk8s-piraeus <command> --help for details)';

function mainHelp(): string {
  const commands = Object.entries(COMMANDS);
  const width = Math.max(...commands.map(([n]) => n.length));
  return `${MAIN_USAGE}\n\ncommands:\n${commands.map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`).join('\n')}\n`;
}

/** Runs the CLI with arguments after the program name; returns the exit code. */
export function main(argv: string[], io: Io = processIo): number {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // No command is bad usage: the help goes to standard error, as every usage error does.
    io.stderr(mainHelp());
    return ExitCode.USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(mainHelp());
    return ExitCode.OK;
  }
  if (name === '--version') {
    io.stdout(`${require('../../package.json').version}\n`);
    return ExitCode.OK;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`error: unknown command ${JSON.stringify(name)}\n${MAIN_USAGE}\n`);
    return ExitCode.USAGE;
  }
  const loaded = command.load();
  // The first argument is never an option's value; elsewhere, parsing the options tells whether
  // `--help` is an option or the value of one (`--repository --help`).
  if (rest[0] === '--help' || rest[0] === '-h') {
    io.stdout(loaded.help);
    return ExitCode.OK;
  }
  try {
    return loaded.run(rest, io);
  } catch (e) {
    if (!(e instanceof HelpRequested)) throw e;
    io.stdout(loaded.help);
    return ExitCode.OK;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}

// The CPU targets of the adapter and guard suites, counted in instructions per request under
// Valgrind's callgrind instead of timed: the same servers, requests and targets, a figure that the
// machine's load and the kernel's share of each request do not move. Slow (each server runs under
// valgrind); not part of `npm run bench`. `npm run bench:instructions [-- --quick] [-- --only TEXT]`
import { adapterConfigs } from './adapters.js';
import { guardConfigs } from './guards.js';
import { runInstructionSuite } from './harness/instruction-suite.js';
import { isMain, runSuite, type SuiteRunner } from './harness/main.js';
import type { ServerTarget } from './harness/server-suite.js';

const TITLE = 'Instructions per request: adapters and the memory store';

/** The CPU targets of both suites, checked on instruction counts. */
const counted = (targets: ServerTarget[]) =>
  targets
    .filter((t) => t.metric === 'cpuRatio')
    .map((t) => ({
      ...t,
      metric: 'instrRatio',
      text: t.text.replace(/CPU( per request|\/request)/, 'instructions$1'),
    }));

export const runInstructions: SuiteRunner = (options, log) => {
  const adapters = adapterConfigs();
  const guards = guardConfigs(undefined, []);
  const memory = guards.configs.filter((c) => c.id.startsWith('memory-'));
  return runInstructionSuite(
    {
      suite: 'instructions',
      title: TITLE,
      configs: [...adapters.configs, ...memory],
      targets: [...counted(adapters.targets), ...counted(guards.targets)],
      notes: [
        'Instructions the server process executed in user space (every thread: JIT compilers and GC included), counted by valgrind --tool=callgrind with counting switched on only while the counted requests ran.',
        "Each server process starts once under callgrind and is warmed up; each round then sends every configuration's requests one at a time over one keep-alive connection. Figures are medians over rounds; ratios are to the group baseline.",
        "The kernel's share of a request (socket reads and writes, wake-ups) is not counted; it is about the same for every row of a group, so these ratios are the user-space part of the CPU ratios of the adapters and guards suites.",
      ],
    },
    options,
    log,
  );
};

if (isMain(import.meta.url)) await runSuite('instructions', TITLE, runInstructions);

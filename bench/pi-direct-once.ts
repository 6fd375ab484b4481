/**
 * One run of Pi's SDK in a fresh process, without the adapter: loads Pi, runs the bench
 * conversation against the fake at argv[2] in the directory argv[3], exits. The baseline
 * for what a process per run costs by itself.
 */
import { echoTool, inProcessOptions, recordPiRun } from '@lifeosai/harness-pi/fixtures';

const [baseUrl, root, prompt] = process.argv.slice(2);
await recordPiRun(inProcessOptions(root!, baseUrl!, prompt!), [echoTool]);

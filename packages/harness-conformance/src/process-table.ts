/*
 * The process table for the suite's checks: the platform's one reader of /proc
 * (`@lifeosai/sandbox`), under the names the harnesses' tests use.
 */
export { descendantsOf, isLeftOver, processFile as processText } from '@lifeosai/sandbox';

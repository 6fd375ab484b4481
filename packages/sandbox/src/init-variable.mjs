// @ts-check
/**
 * The variable that carries a sandbox's init configuration (`SandboxInitConfig`, init-config.ts);
 * the init removes it before the command starts. JavaScript, so that `sandbox-init.mjs`, which
 * loads no TypeScript, imports it too.
 */
export const initConfigVariable = 'LIFEOSAI_SANDBOX_INIT';

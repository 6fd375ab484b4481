/** The onboarding steps, in order. */
export const onboardingSteps = ['org', 'provider', 'agent'] as const;
export type OnboardingStep = (typeof onboardingSteps)[number];

/**
 * Where onboarding resumes after a reload: the further of what the server shows (a provider is
 * configured → the agent step) and what this browser remembers (the organization step confirmed,
 * or the provider step skipped — neither leaves a trace on the server).
 */
export function resumeStep(state: { providersConfigured: boolean; saved: string | null }): OnboardingStep {
  const fromServer: OnboardingStep = state.providersConfigured ? 'agent' : 'org';
  const saved = onboardingSteps.find((step) => step === state.saved) ?? 'org';
  return onboardingSteps.indexOf(saved) > onboardingSteps.indexOf(fromServer) ? saved : fromServer;
}

/** The browser's memory of the step reached, per account (two people may share a browser). */
export const savedStepKey = (userId: string) => `lifeosai.onboarding.${userId}`;

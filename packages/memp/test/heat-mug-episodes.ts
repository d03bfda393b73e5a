/**
 * A heat-the-mug episode, a failed variant of it, and the replies a scripted model gives for learning them (the
 * script, the keywords, then the adjustment after the failure): shared by the engine's LLM tests.
 */
export const heatMug = {
  id: 'traj-mug',
  task: 'heat some mug and put it in cabinet',
  steps: [
    { action: 'go to countertop 1', observation: 'On the countertop 1, you see a mug 1.' },
    { action: 'take mug 1 from countertop 1', observation: 'You pick up the mug 1 from the countertop 1.' },
    { action: 'go to microwave 1', observation: 'The microwave 1 is closed.' },
    { action: 'heat mug 1 with microwave 1', observation: 'You heat the mug 1 using the microwave 1.' },
    { action: 'go to cabinet 1', observation: 'The cabinet 1 is open.' },
    { action: 'move mug 1 to cabinet 1', observation: 'You move the mug 1 to the cabinet 1.' },
  ],
  outcome: { success: true },
};

/** The failed variant of {@link heatMug}, as trajectory `id`. */
export const failedMug = (id: string) => ({
  id,
  task: 'heat some cup and put it in cabinet',
  steps: [{ action: 'heat cup 1 with stoveburner 1', observation: 'Nothing happens.' }],
  outcome: { success: false },
});

/** The model's script for {@link heatMug}. */
export const SCRIPT = '1. take the mug\n2. heat the mug with the microwave\n3. put the mug in the cabinet';
/** The model's keywords for {@link heatMug}. */
export const KEYWORDS = '["heat", "mug", "cabinet"]';
/** The model's adjustment of {@link SCRIPT} after {@link failedMug}. */
export const ADJUSTED =
  '<Analysis>The stoveburner cannot heat; use the microwave.</Analysis><Workflow>1. take the cup\n2. heat the cup with the microwave\n3. put the cup in the cabinet</Workflow>';

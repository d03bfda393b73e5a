/**
 * Finished episodes of a tool-calling support agent (refunds, exchanges, address changes), for tests that need a
 * namespace of realistic procedures whose actions are tool calls with JSON arguments (`lookup_order({"id":"A17"})`).
 */
export const REFUND_DESK_EPISODES = [
  {
    task: 'refund order A17 because the parcel arrived damaged',
    steps: [
      {
        thought: 'First find the order.',
        action: 'lookup_order({"id":"A17"})',
        observation: '{"status":"delivered","total":42.5}',
      },
      {
        thought: 'Check the refund policy for damaged goods.',
        action: 'get_policy({"topic":"damaged"})',
        observation: 'Damaged parcels: full refund, no return needed.',
      },
      {
        action: 'refund({"order":"A17","amount":42.5,"reason":"damaged"})',
        observation: '{"refund":"R-881","status":"issued"}',
      },
      { action: 'reply({"text":"Your refund R-881 of 42.50 is on its way."})', observation: 'sent' },
    ],
    outcome: { success: true },
  },
  {
    task: 'refund order B22, the customer changed their mind',
    steps: [
      {
        action: 'lookup_order({"id":"B22"})',
        observation: '{"status":"delivered","total":19.99,"days_since_delivery":5}',
      },
      {
        thought: 'A change of mind needs a return first.',
        action: 'get_policy({"topic":"change of mind"})',
        observation: 'Within 30 days: refund after the item is returned.',
      },
      { action: 'create_return({"order":"B22"})', observation: '{"return":"RT-12","label":"sent"}' },
      {
        action: 'reply({"text":"We sent you a return label; the refund follows when it arrives."})',
        observation: 'sent',
      },
    ],
    outcome: { success: true },
  },
  {
    task: 'refund the shipping fee of order C5 that arrived late',
    steps: [
      { action: 'lookup_order({"id":"C5"})', observation: '{"status":"delivered","shipping":4.9,"late_days":3}' },
      {
        action: 'refund({"order":"C5","amount":4.9,"reason":"late delivery"})',
        observation: '{"refund":"R-882","status":"issued"}',
      },
      { action: 'reply({"text":"We refunded the 4.90 shipping fee."})', observation: 'sent' },
    ],
    outcome: { success: true },
  },
  {
    task: 'exchange the wrong size shoes of order D9',
    steps: [
      { action: 'lookup_order({"id":"D9"})', observation: '{"items":[{"sku":"SH-41","size":41}]}' },
      { action: 'create_exchange({"order":"D9","sku":"SH-42"})', observation: '{"exchange":"EX-3"}' },
      { action: 'reply({"text":"Your exchange EX-3 for size 42 is on its way."})', observation: 'sent' },
    ],
    outcome: { success: true },
  },
] as const;

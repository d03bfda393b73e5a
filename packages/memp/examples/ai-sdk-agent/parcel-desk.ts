/**
 * The example's task environment: a parcel desk with four tools. Shipping an order takes one procedure —
 * find_item → pick_item → pack_parcel → ship_parcel — and each tool refuses (throws) when its prerequisite is
 * missing, naming the tool that fixes it. A novice that starts from the obvious tool (`ship_parcel`) finds the
 * procedure backwards through those errors; an agent that knows it goes straight through.
 */
import { tool } from 'ai';
import { z } from 'zod';

/** One order to ship. */
export interface Order {
  id: string;
  item: string;
  qty: number;
  city: string;
}

/** Which bin holds each item. Agents do not see this table; `find_item` reveals one entry. */
const BINS: Readonly<Record<string, string>> = {
  'blue mug': 'B4',
  'desk lamp': 'A2',
  notebook: 'C1',
  'paper clips': 'D3',
};

/** The task sentence the agent gets for an order. */
export function orderTask(order: Order): string {
  return `Ship order ${order.id}: ${order.qty} x ${order.item} to ${order.city}.`;
}

/** A fresh desk for one run: the AI SDK tools and what got shipped. */
export function createParcelDesk(options: { orders: readonly Order[] }) {
  const orders = new Map(
    options.orders.map((o) => [
      o.id,
      { ...o, picked: false, packed: false, tracking: undefined as string | undefined },
    ]),
  );
  const orderOf = (id: string) => {
    const order = orders.get(id);
    if (!order) throw new Error(`no order "${id}"`);
    return order;
  };
  const tools = {
    find_item: tool({
      description: 'Tells which bin holds an item.',
      inputSchema: z.object({ item: z.string() }),
      execute: async ({ item }) => {
        const bin = BINS[item];
        if (!bin) throw new Error(`no item "${item}" in stock`);
        return `${item} is in bin ${bin}`;
      },
    }),
    pick_item: tool({
      description: 'Picks the items of an order from a bin.',
      inputSchema: z.object({ order: z.string(), bin: z.string() }),
      execute: async ({ order: id, bin }) => {
        const order = orderOf(id);
        if (BINS[order.item] !== bin)
          throw new Error(`bin "${bin}" does not hold ${order.item}; find_item tells which bin holds an item`);
        order.picked = true;
        return `picked ${order.qty} x ${order.item} from ${bin} for order ${id}`;
      },
    }),
    pack_parcel: tool({
      description: 'Packs an order into a parcel and labels it for a city.',
      inputSchema: z.object({ order: z.string(), city: z.string() }),
      execute: async ({ order: id, city }) => {
        const order = orderOf(id);
        if (!order.picked) throw new Error(`nothing picked for order ${id}; pick_item first`);
        if (city !== order.city) throw new Error(`order ${id} goes to ${order.city}, not ${city}`);
        order.packed = true;
        return `packed order ${id}, labelled for ${city}`;
      },
    }),
    ship_parcel: tool({
      description: 'Hands a parcel to the carrier.',
      inputSchema: z.object({ order: z.string() }),
      execute: async ({ order: id }) => {
        const order = orderOf(id);
        if (!order.packed) throw new Error(`order ${id} is not packed; pack_parcel first`);
        order.tracking = `TRK-${id}`;
        return `order ${id} shipped, tracking ${order.tracking}`;
      },
    }),
  };
  return { tools, shipped: (id: string) => orders.get(id)?.tracking !== undefined };
}

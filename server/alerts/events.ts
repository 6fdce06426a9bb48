// The hook point for whatever else should hear of a new alert (outbound webhooks' `alert.raised`, e-mail):
// a tiny typed emitter, in the process that raised the alert (a job worker). Listeners should only enqueue
// work (server/jobs/queue.ts); a listener that throws is logged and does not stop the others.

import type { AlertView } from "@/lib/live/events";

export interface RaisedAlertEvent extends AlertView {
  /** The patient's app account id. */
  patientId: string;
}

type Listener = (alert: RaisedAlertEvent) => void | Promise<void>;

const listeners = new Set<Listener>();

/** Subscribes to every alert raised from now on; returns the unsubscribe function. */
export function onAlertRaised(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called once per alert, right after it was stored (never for a cause raised before). */
export async function emitAlertRaised(alert: RaisedAlertEvent, onError: (error: unknown) => void): Promise<void> {
  await Promise.all(
    [...listeners].map(async (listener) => {
      try {
        await listener(alert);
      } catch (error) {
        onError(error);
      }
    }),
  );
}

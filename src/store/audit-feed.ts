// Audit events as they become true: published once the transaction that recorded
// them commits (at once outside a transaction). The metrics count them and the
// webhook worker wakes on them; a rolled-back change publishes nothing.

export interface RecordedAudit {
  action: string;
  api: string | null;
  details: Record<string, unknown>;
  /** Webhook deliveries written with the event. */
  webhookDeliveries: number;
}

export type AuditListener = (event: RecordedAudit) => void;

export class AuditFeed {
  private readonly listeners: AuditListener[] = [];

  subscribe(listener: AuditListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  publish(events: readonly RecordedAudit[]): void {
    for (const event of events) {
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch {
          // An observer never undoes or fails the change it observes.
        }
      }
    }
  }
}

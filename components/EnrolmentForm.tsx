"use client";

// A patient's enrolment day, set by their clinician or an admin on the patient page. Every window
// (adherence, no data, averages) counts from it, so the page is read again once it is saved.

import { useRouter } from "next/navigation";
import { useState } from "react";
import ui from "./ui.module.css";
import styles from "./EnrolmentForm.module.css";

export function EnrolmentForm({ endpoint, initial }: { endpoint: string; initial: string }) {
  const router = useRouter();
  const [day, setDay] = useState(initial);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const response = await fetch(endpoint, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ enrolledOn: day }) }).catch(() => null);
    if (response?.ok) {
      setMessage({ ok: true, text: "Saved. Windows now count from this day." });
      router.refresh();
      return;
    }
    const problem = response ? ((await response.json().catch(() => null)) as { issues?: Array<{ path: string; message: string }> } | null) : null;
    setMessage({ ok: false, text: `Not saved: ${problem?.issues?.map((i) => `${i.path}: ${i.message}`).join("; ") || (response ? `the server answered ${response.status}` : "the server could not be reached")}` });
  };

  return (
    <form onSubmit={(e) => void save(e)} className={styles.form}>
      <label>
        Enrolment date <input type="date" name="enrolledOn" required value={day} onChange={(e) => setDay(e.target.value)} />
      </label>{" "}
      <button type="submit">Save enrolment date</button>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? undefined : ui.error}>
          {message.text}
        </p>
      )}
    </form>
  );
}

"use client";

// A patient's enrolment day, set by their clinician or an admin on the patient page. Every window
// (adherence, no data, averages) counts from it, so the page is read again once it is saved.

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import ui from "./ui.module.css";
import styles from "./EnrolmentForm.module.css";
import { ActionButton } from "./ActionButton";

export function EnrolmentForm({ endpoint, initial }: { endpoint: string; initial: string }) {
  const t = useTranslations("EnrolmentForm");
  const router = useRouter();
  const [day, setDay] = useState(initial);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const response = await fetch(endpoint, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ enrolledOn: day }) }).catch(() => null);
    if (response?.ok) {
      setMessage({ ok: true, text: t("saved") });
      router.refresh();
      return;
    }
    const problem = response ? ((await response.json().catch(() => null)) as { issues?: Array<{ path: string; message: string }> } | null) : null;
    setMessage({ ok: false, text: t("notSaved", { detail: problem?.issues?.map((i) => `${i.path}: ${i.message}`).join("; ") || (response ? t("serverAnswered", { status: String(response.status) }) : t("unreachable")) }) });
  };

  return (
    <form method="post" onSubmit={(e) => void save(e)} className={styles.form}>
      <label>
        {t("label")} <input type="date" name="enrolledOn" required value={day} onChange={(e) => setDay(e.target.value)} />
      </label>{" "}
      <ActionButton type="submit">{t("save")}</ActionButton>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? undefined : ui.error}>
          {message.text}
        </p>
      )}
    </form>
  );
}

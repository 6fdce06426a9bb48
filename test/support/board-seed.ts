// A clinic, written straight into the database in a few multi-row statements (generate_series), for
// the board's bench and its query-count test: thousands of patients with months of nights each, some
// of them flagged. 180,000 nights take seconds this way, not the hours of one webhook each.

import pg from "pg";

export interface ClinicSeed {
  patients: number;
  nightsEach: number;
  /** Account ids of clinicians: patient i goes to clinicians[i % length]. */
  clinicianIds: string[];
  now?: Date;
  /** Prefix of ids, names and e-mails, so several seeds can share a database. */
  prefix?: string;
}

export interface SeededClinic {
  /** Asleep user ids, by patient number (1-based). */
  asleepUserId: (i: number) => string;
  /** Patients given an open alert, a night gone quiet, or no night for the last 5 days. */
  withAlert: (i: number) => boolean;
  stale: (i: number) => boolean;
  noData: (i: number) => boolean;
}

/**
 * Every 7th patient sleeps under 4 h every other night (below the usual adherence rule); every 25th
 * patient has an open alert; every 100th a night being recorded whose last analysis came
 * 40 minutes ago (stale); every 40th no night in the last 5 days. Nights start at 22:00 UTC (23:00
 * Paris) each day, of 6 to 8 h, some short (under 4 h), so adherence varies.
 */
export async function seedClinic(databaseUrl: string, seed: ClinicSeed): Promise<SeededClinic> {
  const prefix = seed.prefix ?? "seed";
  const now = seed.now ?? new Date();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      // Enrolled well before their first night: every window counts whole.
      `INSERT INTO app_user (id, name, email, role, asleep_user_id, created_at, updated_at, enrolled_on)
       SELECT $1 || '-p-' || g, 'Patient ' || lpad(g::text, 5, '0'), $1 || '.patient' || g || '@clinic.test', 'patient', $1 || '-asleep-' || g, now(), now(), DATE '2020-01-01'
         FROM generate_series(1, $2::int) g`,
      [prefix, seed.patients],
    );
    if (seed.clinicianIds.length > 0) {
      await client.query(
        `INSERT INTO care_assignment (clinician_id, patient_id)
         SELECT ($3::text[])[1 + (g % cardinality($3::text[]))], $1 || '-p-' || g FROM generate_series(1, $2::int) g`,
        [prefix, seed.patients, seed.clinicianIds],
      );
    }
    // Eight hypnograms of 3.5 to 8 h; a night takes one by (patient + night) % 8, so template 0 (short) is
    // one night in eight.
    await client.query(
      `WITH templates AS (
         SELECT t, ARRAY(
           SELECT (CASE WHEN e < 30 THEN 0 WHEN (e + t * 7) % 60 < 4 THEN 0 WHEN (e + t) % 90 < 20 THEN 2 WHEN (e + t) % 90 < 35 THEN 3 ELSE 1 END)::smallint
             FROM generate_series(0, (CASE WHEN t = 0 THEN 420 ELSE 720 + t * 30 END) - 1) e) AS stages
           FROM generate_series(0, 7) t
       )
       INSERT INTO sleep_session (id, user_id, state, start_time, start_time_estimated, end_time, timezone, sleep_stages, snoring_stages, epoch_source_seq, timeline_final, created_at, updated_at)
       SELECT $1 || '-n-' || p || '-' || d, $1 || '-asleep-' || p, 'COMPLETE',
              date_trunc('day', $3::timestamptz) - make_interval(days => d) + interval '22 hours', false,
              date_trunc('day', $3::timestamptz) - make_interval(days => d) + interval '22 hours' + make_interval(secs => cardinality(tp.stages) * 30),
              'Europe/Paris', tp.stages, '{}', '{}', true, $3::timestamptz, $3::timestamptz
         FROM generate_series(1, $2::int) p
         CROSS JOIN generate_series(1, $4::int) d
         JOIN templates tp ON tp.t = CASE WHEN p % 7 = 0 THEN (d % 2) * ((p + d) % 8) ELSE (p + d) % 8 END
        WHERE NOT (p % 40 = 0 AND d <= 5)`,
      [prefix, seed.patients, now, seed.nightsEach],
    );
    await client.query(
      `INSERT INTO alert (id, patient_id, rule, cause_key, reason, state, raised_at)
       SELECT $1 || '-alert-' || g, $1 || '-p-' || g, 'short-sleep', 'seed', '3 nights under 5 h', 'OPEN', $3::timestamptz - interval '2 hours'
         FROM generate_series(1, $2::int) g WHERE g % 25 = 0`,
      [prefix, seed.patients, now],
    );
    // Tonight, being recorded, quiet for 40 minutes after 20 analyses at 5-minute intervals.
    await client.query(
      `INSERT INTO sleep_session (id, user_id, state, start_time, start_time_estimated, timezone, sleep_stages, snoring_stages, epoch_source_seq, created_at, updated_at)
       SELECT $1 || '-tonight-' || g, $1 || '-asleep-' || g, 'OPEN', $3::timestamptz - interval '140 minutes', true, 'Europe/Paris',
              array_fill(1::smallint, ARRAY[200]), array_fill(0::smallint, ARRAY[200]), array_fill(0, ARRAY[200]), $3::timestamptz, $3::timestamptz - interval '40 minutes'
         FROM generate_series(1, $2::int) g WHERE g % 100 = 0`,
      [prefix, seed.patients, now],
    );
    await client.query(
      `INSERT INTO inference (session_id, inference_seq_num, first_epoch, sleep_stages, snoring_stages, breath_stages, received_at)
       SELECT $1 || '-tonight-' || g, k, k * 10, array_fill(1::smallint, ARRAY[10]), array_fill(0::smallint, ARRAY[10]), '{}',
              $3::timestamptz - interval '40 minutes' - make_interval(mins => (19 - k) * 5)
         FROM generate_series(1, $2::int) g CROSS JOIN generate_series(0, 19) k WHERE g % 100 = 0`,
      [prefix, seed.patients, now],
    );
    await client.query("ANALYZE");
  } finally {
    await client.end();
  }
  return {
    asleepUserId: (i) => `${prefix}-asleep-${i}`,
    withAlert: (i) => i % 25 === 0,
    stale: (i) => i % 100 === 0,
    noData: (i) => i % 40 === 0 && i % 100 !== 0,
  };
}

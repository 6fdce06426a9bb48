// The edge of the enrolment route: what a body may say.

import { z } from "zod";
import { dayParam } from "@/lib/time/range";
import { dayAnswer } from "./api-schema";

/** PUT /api/patients/{asleepUserId}/enrolment: {"enrolledOn": "YYYY-MM-DD"}. */
export const enrolmentChangeSchema = z.object({ enrolledOn: dayParam }).strict();

/** GET/PUT /api/patients/{asleepUserId}/enrolment */
export const enrolmentAnswer = z.object({ asleepUserId: z.string(), enrolledOn: dayAnswer });

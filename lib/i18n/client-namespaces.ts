// The catalogue namespaces components read with useTranslations: the only ones every page sends to the
// browser (app/layout.tsx), not the whole catalogue (e-mails, PDFs and server-rendered pages' words stay on
// the server). server/i18n/catalogue.test.ts fails when a component reads a namespace missing here.
export const CLIENT_NAMESPACES = [
  "AdminAccounts", "AlertCount", "AlertEmailForm", "AlertFilters", "AlertInbox", "AlertRulesForm", "AlertText",
  "ClinicianTimePanel", "ClinicianTimeTimer", "ConnectionStatus", "Definitions", "DiaryComparison", "DiaryForm",
  "EnrolmentForm", "ErrorPage", "ExportLinks", "GlobalError", "Hypnogram", "LanguageMenu", "LastNightCard",
  "LiveNight", "MorningNotification", "NightName", "NightReport", "NightTags", "Notes", "OutboundEndpointControls",
  "OutboundEndpointForm", "Pager", "PatientBoard", "PeriodPdfButton", "PeriodReports", "PersonRecord", "ReplayButton",
  "ResetPasswordForm", "SignInForm", "SignOutButton", "Sleep", "SleepNeedForm", "SleepTrends", "StageMinutesSoFar",
  "Studies", "TagComparison", "TimezoneForm", "Tonight",
] as const;

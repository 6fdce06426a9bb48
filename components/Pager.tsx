import Link from "next/link";
import { useTranslations } from "next-intl";
import { pageHref } from "@/lib/navigation/paging";
import ui from "./ui.module.css";

/**
 * "Newer" and "Older" links under a paged list (lib/navigation/paging.ts); nothing when it fits one page.
 * `label` names the list (its page's words); `previous` and `next`, when given, replace "← Newer" and "Older →".
 */
export function Pager({
  path,
  search,
  param,
  page,
  more,
  label,
  previous,
  next,
}: {
  path: string;
  search: Record<string, string | string[] | undefined>;
  param: string;
  page: number;
  more: boolean;
  label: string;
  previous?: string;
  next?: string;
}) {
  const t = useTranslations("Pager");
  if (page === 1 && !more) return null;
  return (
    <nav className={ui.pager} aria-label={t("label", { list: label })}>
      {page > 1 ? <Link href={pageHref(path, search, param, page - 1)}>{previous ?? t("newer")}</Link> : <span />}
      <span className={ui.muted}>{t("page", { page })}</span>
      {more ? <Link href={pageHref(path, search, param, page + 1)}>{next ?? t("older")}</Link> : <span />}
    </nav>
  );
}

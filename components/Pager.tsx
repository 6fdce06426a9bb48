import Link from "next/link";
import { pageHref } from "@/lib/navigation/paging";
import ui from "./ui.module.css";

/** "Newer" and "Older" links under a paged list (lib/navigation/paging.ts); nothing when it fits one page. */
export function Pager({
  path,
  search,
  param,
  page,
  more,
  label,
  previous = "← Newer",
  next = "Older →",
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
  if (page === 1 && !more) return null;
  return (
    <nav className={ui.pager} aria-label={`${label}: pages`}>
      {page > 1 ? <Link href={pageHref(path, search, param, page - 1)}>{previous}</Link> : <span />}
      <span className={ui.muted}>Page {page}</span>
      {more ? <Link href={pageHref(path, search, param, page + 1)}>{next}</Link> : <span />}
    </nav>
  );
}

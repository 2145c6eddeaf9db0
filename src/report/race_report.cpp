#include "tgperf/report/race_report.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <optional>

#include "report/race_ratio.hpp"
#include "text_style.hpp"

namespace tgperf::report {

namespace {


std::string signed_money(std::int64_t dollars) {
  if (dollars == 0) return "$0";
  return fmt::format("{}${}", dollars > 0 ? "+" : "-", std::llabs(dollars));
}

// What went wrong, in numbers: "12 lost updates, 3 accounts off, $-140".
std::string damage(const RaceRun& run) {
  std::string money = run.money_drift > 0   ? fmt::format("${} created", run.money_drift)
                      : run.money_drift < 0 ? fmt::format("${} destroyed", -run.money_drift)
                                            : std::string("no money created or destroyed");
  return fmt::format("{} lost update{}, {} account{} off the serial result, {}", run.lost_updates,
                     run.lost_updates == 1 ? "" : "s", run.wrong_accounts, run.wrong_accounts == 1 ? "" : "s",
                     money);
}

std::string explain(const RaceRun& run) {
  const bool ok = run.consistent();
  if (run.variant == "sync") {
    return ok ? "sync     one update after another in the dispatcher thread: safe, and every transfer waits for\n"
                "         three Bot API round trips and four database calls before the next may start.\n"
              : fmt::format("sync     NOT SAFE: {}. One thread cannot race; this is a bug in tgperf.\n", damage(run));
  }
  if (run.variant == "naive") {
    return ok ? fmt::format("naive    the intern's run_async on {} workers: no race this time. It is still a bug:\n"
                            "         the wiki warns it \"will probably be missed by your tests\" (try another --seed).\n",
                            run.workers)
              : fmt::format("naive    the intern's run_async on {} workers: two transfers read the same balance, the\n"
                            "         later write wins: {}.\n",
                            run.workers, damage(run));
  }
  if (run.variant == "split") {
    return ok ? "split    the wiki's fix: read-modify-write in the dispatcher thread, only log_and_notify run_async:\n"
                "         safe, and the notifications no longer hold up the next transfer.\n"
              : fmt::format("split    NOT SAFE: {}. The store work is sequential; this is a bug in tgperf.\n", damage(run));
  }
  if (run.variant == "ordered") {
    return ok ? "ordered  per-chat ordering happened to be enough this time; it does not protect an account that\n"
                "         two chats touch at once (A->B from chat A, B->A from chat B).\n"
              : fmt::format("ordered  per-chat ordering keeps each customer's own updates in order, but A->B from chat A\n"
                            "         and B->A from chat B still run at once:\n"
                            "         {}.\n",
                            damage(run));
  }
  if (run.variant == "locked") {
    return ok ? "locked   both accounts locked (lower id first) from the first read to the last write, as a\n"
                "         database transaction would: safe, but a transfer holds its accounts through the\n"
                "         \"Transferring money...\" round trip, so transfers that share an account queue up.\n"
              : fmt::format("locked   NOT SAFE: {}. The locks cover every read and write; this is a bug in tgperf.\n",
                            damage(run));
  }
  return {};
}

}  // namespace

std::string_view race_verdict(const RaceRun& run) {
  if (run.consistent()) return "safe";
  if (run.money_drift > 0) return "money created";
  if (run.money_drift < 0) return "money destroyed";
  return "balances wrong";
}

std::string render_race_table(std::span<const RaceRun> runs) {
  std::string out = fmt::format("{:<8} {:>7} {:>9} {:>8} {:>8} {:>5} {:>8} {:>5} {:>6} {:>6} {:>8} {:>8}  {}\n",
                                "variant", "workers", "done", "seconds", "tx/s", "eff", "drift", "lost", "wrong",
                                "order", "p50 ms", "p99 ms", "verdict");
  for (const auto& run : runs) {
    const auto lat = run.latency_ms;
    out += fmt::format("{:<8} {:>7} {:>9} {:>8.2f} {:>8.1f} {:>5} {:>8} {:>5} {:>6} {:>6} {:>8} {:>8}  {}\n",
                       run.variant, run.workers, fmt::format("{}/{}", run.finished, run.transactions), run.seconds,
                       run.throughput_per_s, optional_fixed(run.efficiency, 2), signed_money(run.money_drift),
                       run.lost_updates, run.wrong_accounts, run.notifications_out_of_order,
                       lat ? fmt::format("{:.1f}", lat->p50) : "-", lat ? fmt::format("{:.1f}", lat->p99) : "-",
                       race_verdict(run));
  }
  return out;
}

std::string render_race_explanation(std::span<const RaceRun> runs) {
  std::string out;
  for (const auto& run : runs) out += explain(run);
  const auto split_over_sync = throughput_ratio(runs, "split", "sync");
  const auto locked_over_naive = throughput_ratio(runs, "locked", "naive");
  if (split_over_sync || locked_over_naive) {
    out += "price of safety:";
    if (split_over_sync) out += fmt::format(" split runs {:.1f}x the throughput of sync", *split_over_sync);
    if (split_over_sync && locked_over_naive) out += ";";
    if (locked_over_naive) out += fmt::format(" locked runs {:.2f}x the throughput of naive", *locked_over_naive);
    out += "\n";
  }
  return out;
}

}  // namespace tgperf::report

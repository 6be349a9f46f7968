#include "validation/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "core/atomic_write.hpp"

namespace aet::validation {

namespace fs = std::filesystem;

std::string html_escape(std::string_view t) {
  std::string s;
  s.reserve(t.size());
  for (char c : t) {
    switch (c) {
      case '&': s += "&amp;"; break;
      case '<': s += "&lt;"; break;
      case '>': s += "&gt;"; break;
      case '"': s += "&quot;"; break;
      default: s += c;
    }
  }
  return s;
}

std::string base64(std::string_view in) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = unsigned(std::uint8_t(in[i])) << 16 | unsigned(std::uint8_t(in[i + 1])) << 8 | std::uint8_t(in[i + 2]);
    out += {t[v >> 18], t[(v >> 12) & 63], t[(v >> 6) & 63], t[v & 63]};
  }
  if (i + 1 == in.size()) {
    const unsigned v = unsigned(std::uint8_t(in[i])) << 16;
    out += {t[v >> 18], t[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    const unsigned v = unsigned(std::uint8_t(in[i])) << 16 | unsigned(std::uint8_t(in[i + 1])) << 8;
    out += {t[v >> 18], t[(v >> 12) & 63], t[(v >> 6) & 63], '='};
  }
  return out;
}

HtmlPage::HtmlPage(std::string title) : title_(std::move(title)) {}

void HtmlPage::heading(int level, std::string_view text, std::string_view id) {
  body_ += fmt::format("<h{0}{1}>{2}</h{0}>\n", std::clamp(level, 1, 6),
                       id.empty() ? std::string() : fmt::format(" id=\"{}\"", html_escape(id)), html_escape(text));
}

void HtmlPage::paragraph(std::string_view text) { body_ += "<p>" + html_escape(text) + "</p>\n"; }

void HtmlPage::raw(std::string_view html) { body_ += html; }

void HtmlPage::table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  // In a scrolling box: a wide table (many columns) scrolls inside the page's
  // width instead of running off its right edge.
  body_ += "<div class=\"table-scroll\"><table>\n<thead><tr>";
  for (const auto& h : header) body_ += "<th>" + html_escape(h) + "</th>";
  body_ += "</tr></thead>\n<tbody>\n";
  for (const auto& r : rows) {
    body_ += "<tr>";
    for (const auto& c : r) body_ += "<td>" + html_escape(c) + "</td>";
    body_ += "</tr>\n";
  }
  body_ += "</tbody></table></div>\n";
}

void HtmlPage::figure(const fs::path& stem, std::string_view caption) {
  for (const auto& [ext, mime] : {std::pair{".svg", "image/svg+xml"}, std::pair{".png", "image/png"}}) {
    fs::path p = stem;
    p += ext;
    std::ifstream in(p, std::ios::binary);
    if (!in) continue;
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    body_ += fmt::format("<figure><img alt=\"{}\" src=\"data:{};base64,{}\"><figcaption>{}</figcaption></figure>\n",
                         html_escape(caption), mime, base64(bytes), html_escape(caption));
    return;
  }
  body_ += "<p class=\"note\">(no picture: " + html_escape(caption) + "; gnuplot missing or failed)</p>\n";
}

void HtmlPage::preformatted(std::string_view text) { body_ += "<pre>" + html_escape(text) + "</pre>\n"; }

std::string HtmlPage::html() const {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n"
      "body {{ font-family: sans-serif; margin: 2em auto; max-width: 1150px; color: #222; line-height: 1.4; }}\n"
      "h1 {{ border-bottom: 2px solid #0072B2; }} h2 {{ margin-top: 1.6em; border-bottom: 1px solid #ccc; }}\n"
      ".table-scroll {{ max-width: 100%; overflow-x: auto; }}\n"
      "table {{ border-collapse: collapse; margin: 0.6em 0; font-size: 0.85em; }}\n"
      "th, td {{ border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: right; }}\n"
      "th {{ background: #eef3f8; }} td:first-child, th:first-child {{ text-align: left; }}\n"
      "tbody tr:nth-child(even) {{ background: #fafafa; }}\n"
      "figure {{ margin: 1em 0; }} figure img {{ max-width: 100%; border: 1px solid #ddd; }}\n"
      "figcaption {{ font-size: 0.9em; color: #555; }}\n"
      "pre {{ background: #f6f6f6; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }}\n"
      ".note {{ color: #a33; }}\n</style>\n</head>\n<body>\n{}</body>\n</html>\n",
      html_escape(title_), body_);
}

void HtmlPage::write(const fs::path& path) const {
  const std::string h = html();
  write_stream_atomically(path, [&](std::ostream& out) { out << h; });
}

}  // namespace aet::validation

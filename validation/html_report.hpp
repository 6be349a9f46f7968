#pragma once
// One self-contained HTML page: headings, text, tables, pictures inline
// (data: URIs, SVG preferred), preformatted text; no script, no network.
// The study report writes one; so can any other report.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace aet::validation {

std::string html_escape(std::string_view text);
std::string base64(std::string_view bytes);

class HtmlPage {
 public:
  explicit HtmlPage(std::string title);
  /// With an `id`, the heading is an anchor (report.html#id).
  void heading(int level, std::string_view text, std::string_view id = {});
  void paragraph(std::string_view text);  ///< escaped
  void raw(std::string_view html);        ///< not escaped
  void table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);
  /// The picture at `stem`.svg (else `stem`.png) inline, with a caption; a
  /// note when neither exists.
  void figure(const std::filesystem::path& stem, std::string_view caption);
  void preformatted(std::string_view text);
  std::string html() const;
  /// Written atomically.
  void write(const std::filesystem::path& path) const;

 private:
  std::string title_, body_;
};

}  // namespace aet::validation

#include <cstdlib>

#include "io/s3/s3_xml_internal.h"

namespace berserkr::s3 {
namespace {

void AppendCodePoint(std::string& out, unsigned long code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

std::string XmlUnescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t index = 0; index < text.size(); ++index) {
    if (text[index] != '&') {
      out += text[index];
      continue;
    }
    const size_t end = text.find(';', index);
    if (end == std::string_view::npos) {
      out += text.substr(index);
      break;
    }
    const std::string_view entity = text.substr(index + 1, end - index - 1);
    if (entity == "amp") {
      out += '&';
    } else if (entity == "lt") {
      out += '<';
    } else if (entity == "gt") {
      out += '>';
    } else if (entity == "quot") {
      out += '"';
    } else if (entity == "apos") {
      out += '\'';
    } else if (entity.starts_with("#x") || entity.starts_with("#X")) {
      AppendCodePoint(out, std::strtoul(std::string(entity.substr(2)).c_str(), nullptr, 16));
    } else if (entity.starts_with("#")) {
      AppendCodePoint(out, std::strtoul(std::string(entity.substr(1)).c_str(), nullptr, 10));
    } else {
      out += text.substr(index, end - index + 1);
    }
    index = end;
  }
  return out;
}

}  // namespace

std::vector<std::string_view> XmlElements(std::string_view xml, std::string_view tag) {
  std::vector<std::string_view> elements;
  const std::string open = "<" + std::string(tag) + ">";
  const std::string close = "</" + std::string(tag) + ">";
  size_t position = 0;
  for (;;) {
    const size_t start = xml.find(open, position);
    if (start == std::string_view::npos) break;
    const size_t end = xml.find(close, start + open.size());
    if (end == std::string_view::npos) break;
    elements.push_back(xml.substr(start + open.size(), end - start - open.size()));
    position = end + close.size();
  }
  return elements;
}

std::vector<std::string> XmlTagValues(std::string_view xml, std::string_view tag) {
  std::vector<std::string> values;
  for (std::string_view element : XmlElements(xml, tag)) values.push_back(XmlUnescape(element));
  return values;
}

std::string XmlTagValue(std::string_view xml, std::string_view tag) {
  const std::vector<std::string_view> elements = XmlElements(xml, tag);
  return elements.empty() ? "" : XmlUnescape(elements.front());
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  for (char character : text) {
    switch (character) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += character;
    }
  }
  return out;
}

}  // namespace berserkr::s3

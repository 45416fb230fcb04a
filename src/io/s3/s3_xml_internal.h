#pragma once

// The few pieces of S3's XML answers berserkr reads (list pages, upload ids, error codes). S3's
// responses are flat and machine-written, so finding <Tag>text</Tag> is enough; no XML library.

#include <string>
#include <string_view>
#include <vector>

namespace berserkr::s3 {

// The text of every <tag>...</tag> in `xml`, in order, with XML entities decoded.
std::vector<std::string> XmlTagValues(std::string_view xml, std::string_view tag);

// The text of the first <tag>...</tag>, "" when absent.
std::string XmlTagValue(std::string_view xml, std::string_view tag);

// The raw (undecoded) contents of every <tag>...</tag>: the <Contents> blocks of a list page.
std::vector<std::string_view> XmlElements(std::string_view xml, std::string_view tag);

// `text` with & < > " ' escaped, for XML we send (part ETags).
std::string XmlEscape(std::string_view text);

}  // namespace berserkr::s3

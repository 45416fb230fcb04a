#include <gtest/gtest.h>

#include "io/s3/sigv4_signer_internal.h"

namespace berserkr::s3 {
namespace {

// The examples of "Signature Calculations for the Authorization Header" in the S3 API reference
// (sig-v4-header-based-auth): the documented keys, date and expected signatures.
const SigningKeys kExampleKeys{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"};
const std::string kExampleDate = "20130524T000000Z";
const std::string kEmptyPayload =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

TEST(SigV4SignerTest, AwsExampleGetObjectWithRange) {
  SigningRequest request{"GET",
                         "/test.txt",
                         {},
                         {{"Host", "examplebucket.s3.amazonaws.com"},
                          {"Range", "bytes=0-9"},
                          {"x-amz-content-sha256", kEmptyPayload},
                          {"x-amz-date", kExampleDate}},
                         kEmptyPayload};
  EXPECT_EQ(CanonicalRequest(request),
            "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
            "x-amz-content-sha256:" +
                kEmptyPayload + "\nx-amz-date:20130524T000000Z\n\n" +
                "host;range;x-amz-content-sha256;x-amz-date\n" + kEmptyPayload);
  EXPECT_EQ(StringToSign(CanonicalRequest(request), kExampleDate, "us-east-1", "s3"),
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  EXPECT_EQ(AuthorizationHeader(request, kExampleKeys, kExampleDate, "us-east-1", "s3"),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4SignerTest, AwsExamplePutObject) {
  const std::string payload_hash = Sha256Hex("Welcome to Amazon S3.");
  EXPECT_EQ(payload_hash, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  SigningRequest request{"PUT",
                         "/" + UriEncode("test$file.text", true),
                         {},
                         {{"Host", "examplebucket.s3.amazonaws.com"},
                          {"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                          {"x-amz-date", kExampleDate},
                          {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
                          {"x-amz-content-sha256", payload_hash}},
                         payload_hash};
  EXPECT_EQ(request.canonical_uri, "/test%24file.text");
  EXPECT_EQ(AuthorizationHeader(request, kExampleKeys, kExampleDate, "us-east-1", "s3"),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,"
            "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(SigV4SignerTest, AwsExampleGetBucketLifecycle) {
  SigningRequest request{"GET",
                         "/",
                         {{"lifecycle", ""}},
                         {{"Host", "examplebucket.s3.amazonaws.com"},
                          {"x-amz-date", kExampleDate},
                          {"x-amz-content-sha256", kEmptyPayload}},
                         kEmptyPayload};
  EXPECT_EQ(AuthorizationHeader(request, kExampleKeys, kExampleDate, "us-east-1", "s3"),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            "SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
            "Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

TEST(SigV4SignerTest, AwsExampleListObjects) {
  // Given out of order: the canonical query sorts them (max-keys before prefix).
  SigningRequest request{"GET",
                         "/",
                         {{"prefix", "J"}, {"max-keys", "2"}},
                         {{"Host", "examplebucket.s3.amazonaws.com"},
                          {"x-amz-date", kExampleDate},
                          {"x-amz-content-sha256", kEmptyPayload}},
                         kEmptyPayload};
  EXPECT_EQ(CanonicalQueryString(request.query), "max-keys=2&prefix=J");
  EXPECT_EQ(AuthorizationHeader(request, kExampleKeys, kExampleDate, "us-east-1", "s3"),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            "SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
            "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

// The general SigV4 test suite (get-vanilla-query-order-key-case): another service and key, and
// header names in mixed case.
TEST(SigV4SignerTest, AwsTestSuiteVanillaQueryOrder) {
  SigningRequest request{"GET",
                         "/",
                         {{"Param2", "value2"}, {"Param1", "value1"}},
                         {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}},
                         kEmptyPayload};
  EXPECT_EQ(
      AuthorizationHeader(request, {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
                          "20150830T123600Z", "us-east-1", "service"),
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
      "SignedHeaders=host;x-amz-date,"
      "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

TEST(SigV4SignerTest, EncodesKeysAndQueryValues) {
  EXPECT_EQ(UriEncode("dir/a b+c=é.csv", true), "dir/a%20b%2Bc%3D%C3%A9.csv");
  EXPECT_EQ(UriEncode("a/b", false), "a%2Fb");
  EXPECT_EQ(CanonicalQueryString({{"prefix", "a b/"}, {"list-type", "2"}}),
            "list-type=2&prefix=a%20b%2F");
}

TEST(SigV4SignerTest, HmacMatchesRfc4231) {
  // RFC 4231 test cases 2 (short key) and 6 (a key longer than the block, hashed first).
  EXPECT_EQ(HexHmacSha256ForTesting("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(HexHmacSha256ForTesting(std::string(131, '\xaa'),
                                    "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(SigV4SignerTest, TrimsAndCollapsesHeaderValues) {
  SigningRequest request{"GET", "/", {}, {{"X-Custom", "  a   b  "}}, kEmptyPayload};
  EXPECT_NE(CanonicalRequest(request).find("x-custom:a b\n"), std::string::npos);
}

}  // namespace
}  // namespace berserkr::s3

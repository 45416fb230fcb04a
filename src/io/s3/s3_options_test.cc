#include "berserkr/io/s3_options.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <map>

#include "berserkr/common/error.h"
#include "io/s3/retry_policy_internal.h"
#include "io/s3/s3_location_internal.h"
#include "io/s3/s3_xml_internal.h"
#include "test_util.h"

namespace berserkr {
namespace {

using Variables = std::map<std::string, std::string>;

// Sets environment variables for one test and puts back what was there.
class ScopedEnvironment {
 public:
  explicit ScopedEnvironment(const Variables& values) {
    for (const char* name :
         {"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_REGION", "AWS_DEFAULT_REGION",
          "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
          "AWS_SHARED_CREDENTIALS_FILE", "AWS_S3_FORCE_PATH_STYLE", "BERSERKR_S3_PATH_STYLE",
          "BERSERKR_S3_MAX_ATTEMPTS", "BERSERKR_S3_PART_SIZE", "HOME"}) {
      const char* old = std::getenv(name);
      saved_[name] = old ? std::optional<std::string>(old) : std::nullopt;
      ::unsetenv(name);
    }
    ::setenv("HOME", "/nonexistent-home", 1);  // no ~/.aws/credentials of the machine
    for (const auto& [name, value] : values) ::setenv(name.c_str(), value.c_str(), 1);
  }
  ~ScopedEnvironment() {
    for (const auto& [name, value] : saved_) {
      if (value) {
        ::setenv(name.c_str(), value->c_str(), 1);
      } else {
        ::unsetenv(name.c_str());
      }
    }
  }

 private:
  std::map<std::string, std::optional<std::string>> saved_;
};

TEST(S3OptionsTest, DefaultsAreAwsWithoutCredentials) {
  ScopedEnvironment environment(Variables{});
  const S3Options options = S3Options::FromEnvironment();
  EXPECT_EQ(options.endpoint, "");
  EXPECT_EQ(options.region, "us-east-1");
  EXPECT_FALSE(options.path_style);
  EXPECT_FALSE(options.credentials.has_value());
}

TEST(S3OptionsTest, EndpointRegionAndStyleFromTheEnvironment) {
  {
    ScopedEnvironment environment(Variables{{"AWS_ENDPOINT_URL", "http://generic:1"},
                                            {"AWS_ENDPOINT_URL_S3", "http://minio:9000"},
                                            {"AWS_DEFAULT_REGION", "eu-west-1"},
                                            {"AWS_REGION", "eu-central-1"},
                                            {"BERSERKR_S3_MAX_ATTEMPTS", "3"}});
    const S3Options options = S3Options::FromEnvironment();
    EXPECT_EQ(options.endpoint, "http://minio:9000");
    EXPECT_EQ(options.region, "eu-central-1");
    EXPECT_TRUE(options.path_style);  // a custom endpoint: path-style unless told otherwise
    EXPECT_EQ(options.max_attempts, 3);
  }
  {
    ScopedEnvironment environment(Variables{{"AWS_ENDPOINT_URL", "http://generic:1"},
                                            {"AWS_DEFAULT_REGION", "eu-west-1"},
                                            {"BERSERKR_S3_PATH_STYLE", "0"}});
    const S3Options options = S3Options::FromEnvironment();
    EXPECT_EQ(options.endpoint, "http://generic:1");
    EXPECT_EQ(options.region, "eu-west-1");
    EXPECT_FALSE(options.path_style);
  }
  {
    ScopedEnvironment environment(Variables{{"AWS_S3_FORCE_PATH_STYLE", "true"}});
    EXPECT_TRUE(S3Options::FromEnvironment().path_style);
  }
  {
    ScopedEnvironment environment(Variables{{"BERSERKR_S3_PART_SIZE", "1000"}});
    try {
      S3Options::FromEnvironment();
      FAIL() << "a part size under 5 MiB must be refused";
    } catch (const InvalidInput& error) {
      EXPECT_NE(std::string(error.what()).find("BERSERKR_S3_PART_SIZE"), std::string::npos);
    }
  }
}

TEST(S3OptionsTest, CredentialsFromEnvironmentThenProfileFile) {
  testing_util::TempDir dir;
  const std::string file = dir.File("credentials");
  testing_util::WriteFile(file,
                          "[default]\naws_access_key_id = AKIDDEFAULT\n"
                          "aws_secret_access_key = default-secret\n\n"
                          "# a comment\n[ci]\naws_access_key_id=AKIDCI\n"
                          "aws_secret_access_key=ci-secret\naws_session_token=ci-token\n"
                          "[broken]\naws_access_key_id=AKIDBROKEN\n");
  {
    ScopedEnvironment environment(Variables{{"AWS_SHARED_CREDENTIALS_FILE", file}});
    const S3Options options = S3Options::FromEnvironment();
    ASSERT_TRUE(options.credentials);
    EXPECT_EQ(options.credentials->access_key_id, "AKIDDEFAULT");
    EXPECT_EQ(options.credentials->secret_access_key, "default-secret");
  }
  {
    ScopedEnvironment environment(
        Variables{{"AWS_SHARED_CREDENTIALS_FILE", file}, {"AWS_PROFILE", "ci"}});
    const S3Options options = S3Options::FromEnvironment();
    ASSERT_TRUE(options.credentials);
    EXPECT_EQ(options.credentials->access_key_id, "AKIDCI");
    EXPECT_EQ(options.credentials->session_token, "ci-token");
  }
  {
    ScopedEnvironment environment(Variables{{"AWS_SHARED_CREDENTIALS_FILE", file},
                                            {"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                            {"AWS_SECRET_ACCESS_KEY", "env-secret"},
                                            {"AWS_SESSION_TOKEN", "env-token"}});
    const S3Options options = S3Options::FromEnvironment();
    ASSERT_TRUE(options.credentials);
    EXPECT_EQ(options.credentials->access_key_id, "AKIDENV");
    EXPECT_EQ(options.credentials->secret_access_key, "env-secret");
    EXPECT_EQ(options.credentials->session_token, "env-token");
  }
  {
    ScopedEnvironment environment(
        Variables{{"AWS_SHARED_CREDENTIALS_FILE", file}, {"AWS_PROFILE", "broken"}});
    EXPECT_THROW(S3Options::FromEnvironment(), InvalidInput);
  }
  {
    // Half a key pair is refused without repeating the half that is there.
    ScopedEnvironment environment(Variables{{"AWS_SECRET_ACCESS_KEY", "lonely-secret"}});
    try {
      S3Options::FromEnvironment();
      FAIL() << "a secret without a key id must be refused";
    } catch (const InvalidInput& error) {
      EXPECT_EQ(std::string(error.what()).find("lonely-secret"), std::string::npos);
    }
  }
}

TEST(S3LocationTest, SplitsBucketAndKey) {
  const s3::S3Location location = s3::ParseS3Location("s3://bucket/dir/a b.csv");
  EXPECT_EQ(location.bucket, "bucket");
  EXPECT_EQ(location.key, "dir/a b.csv");
  EXPECT_EQ(location.ToString(), "s3://bucket/dir/a b.csv");
  EXPECT_EQ(s3::ParseS3Location("s3://bucket").key, "");
  EXPECT_THROW(s3::ParseS3Location("s3:///key"), InvalidInput);
  EXPECT_THROW(s3::ParseS3Location("/local/path"), InvalidInput);
}

TEST(S3XmlTest, ReadsTagsAndEntities) {
  const std::string xml =
      "<ListBucketResult><Contents><Key>a&amp;b &lt;1&gt; &#233;</Key><Size>3</Size></Contents>"
      "<Contents><Key>c</Key><Size>0</Size></Contents><IsTruncated>false</IsTruncated>"
      "</ListBucketResult>";
  EXPECT_EQ(s3::XmlTagValues(xml, "Key"), (std::vector<std::string>{"a&b <1> \xC3\xA9", "c"}));
  EXPECT_EQ(s3::XmlElements(xml, "Contents").size(), 2u);
  EXPECT_EQ(s3::XmlTagValue(xml, "IsTruncated"), "false");
  EXPECT_EQ(s3::XmlTagValue(xml, "Missing"), "");
  EXPECT_EQ(s3::XmlEscape("\"etag\"&"), "&quot;etag&quot;&amp;");
}

TEST(RetryPolicyTest, RetriesTransientAnswersWithBoundedJitteredBackoff) {
  EXPECT_TRUE(s3::RetryPolicy::IsRetryableStatus(500, "InternalError"));
  EXPECT_TRUE(s3::RetryPolicy::IsRetryableStatus(503, "SlowDown"));
  EXPECT_TRUE(s3::RetryPolicy::IsRetryableStatus(429, ""));
  EXPECT_TRUE(s3::RetryPolicy::IsRetryableStatus(400, "RequestTimeout"));
  EXPECT_FALSE(s3::RetryPolicy::IsRetryableStatus(404, "NoSuchKey"));
  EXPECT_FALSE(s3::RetryPolicy::IsRetryableStatus(403, "SignatureDoesNotMatch"));
  EXPECT_FALSE(s3::RetryPolicy::IsRetryableStatus(412, "PreconditionFailed"));
  s3::RetryPolicy policy;
  policy.initial_backoff_ms = 100;
  policy.max_backoff_ms = 1000;
  int64_t longest = 0;
  for (int round = 0; round < 200; ++round) {
    EXPECT_LE(policy.Backoff(1).count(), 100);
    EXPECT_LE(policy.Backoff(3).count(), 400);
    const int64_t late = policy.Backoff(20).count();
    EXPECT_LE(late, 1000);
    longest = std::max(longest, late);
  }
  EXPECT_GT(longest, 500);  // jitter spreads over the whole window, not a fixed wait
}

}  // namespace
}  // namespace berserkr

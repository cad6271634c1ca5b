// SHA-256 against the FIPS 180-4 / NIST examples and HMAC-SHA256 against
// RFC 4231: cache keys must equal Python's hmac/hashlib output bit for bit.
#include "kernel/sha256.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kernel/hmac.h"
#include "tests/kernel/str_print.h"

namespace {

using mizan::hmac_sha256;
using mizan::Sha256;
using mizan::sha256;
using mizan::to_hex;

std::string hash_hex(const std::string& message) { return to_hex(sha256(message)); }

std::string hmac_hex(const std::string& key, const std::string& message) { return to_hex(hmac_sha256(key, message)); }

TEST(Sha256, Abc) { EXPECT_EQ(hash_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"); }

TEST(Sha256, EmptyString) {
  EXPECT_EQ(hash_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

// 56 bytes: the length no longer fits in the first block, so padding spills
// into a second one.
TEST(Sha256, FourHundredFortyEightBits) {
  EXPECT_EQ(hash_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, EightHundredNinetySixBits) {
  EXPECT_EQ(hash_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                     "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

// Odd chunk sizes make the buffered tail straddle block boundaries in every
// possible way.
TEST(Sha256, OneMillionAInOddChunks) {
  const std::string chunk_source(997, 'a');
  const std::size_t chunk_sizes[] = {1, 3, 63, 65, 127, 997, 7, 64, 129};
  Sha256 h;
  std::size_t fed = 0;
  for (std::size_t k = 0; fed < 1000000; ++k) {
    const std::size_t want = chunk_sizes[k % (sizeof chunk_sizes / sizeof chunk_sizes[0])];
    const std::size_t n = std::min(want, static_cast<std::size_t>(1000000 - fed));
    h.update(std::string_view(chunk_source.data(), n));
    fed += n;
  }
  EXPECT_EQ(to_hex(h.finish()), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Lengths 0..130 cover every padding case (55, 56, 63, 64 bytes and their
// two-block counterparts); one update and byte-by-byte updates must agree.
TEST(Sha256, IncrementalMatchesOneShotAcrossPaddingBoundaries) {
  std::string message;
  for (std::size_t len = 0; len <= 130; ++len) {
    Sha256 bytewise;
    for (char c : message) bytewise.update(std::string_view(&c, 1));
    Sha256 whole;
    whole.update(message);
    const std::string expected = to_hex(whole.finish());
    EXPECT_EQ(to_hex(bytewise.finish()), expected) << "length " << len;
    EXPECT_EQ(hash_hex(message), expected) << "length " << len;
    message.push_back(static_cast<char>('A' + len % 53));
  }
}

std::string repeat(std::uint8_t byte, std::size_t n) { return std::string(n, static_cast<char>(byte)); }

TEST(HmacSha256, Rfc4231Case1) {
  EXPECT_EQ(hmac_hex(repeat(0x0b, 20), "Hi There"), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(HmacSha256, Rfc4231Case2KeyShorterThanOutput) {
  EXPECT_EQ(hmac_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacSha256, Rfc4231Case3) {
  EXPECT_EQ(hmac_hex(repeat(0xaa, 20), repeat(0xdd, 50)),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
}

TEST(HmacSha256, Rfc4231Case4) {
  std::string key;
  for (int b = 0x01; b <= 0x19; ++b) key.push_back(static_cast<char>(b));
  EXPECT_EQ(hmac_hex(key, repeat(0xcd, 50)), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
}

// RFC 4231 publishes only the first 128 bits of this one.
TEST(HmacSha256, Rfc4231Case5TruncatedTo128Bits) {
  EXPECT_EQ(hmac_hex(repeat(0x0c, 20), "Test With Truncation").substr(0, 32), "a3b6167473100ee06e0c796c2955552b");
}

TEST(HmacSha256, Rfc4231Case6KeyLargerThanBlock) {
  EXPECT_EQ(hmac_hex(repeat(0xaa, 131), "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(HmacSha256, Rfc4231Case7KeyAndDataLargerThanBlock) {
  EXPECT_EQ(hmac_hex(repeat(0xaa, 131),
                     "This is a test using a larger than block-size key and a larger than block-size data. "
                     "The key needs to be hashed before being used by the HMAC algorithm."),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

}  // namespace

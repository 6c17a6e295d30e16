package dev.weft.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script and its SHA-1 digest, the name {@code EVALSHA} knows it by. The digest is computed
 * here exactly as Redis computes it, so the first call needs no {@code SCRIPT LOAD}: it tries
 * {@code EVALSHA} and falls back to {@code EVAL} (which also caches the script) on {@code NOSCRIPT}.
 *
 * @param name a short name for error messages
 * @param body the Lua source
 * @param sha1 the lowercase hex SHA-1 of {@code body}
 */
record RedisScript(String name, String body, String sha1) {

  static RedisScript of(String name, String body) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
      return new RedisScript(name, body, HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("RedisScript: SHA-1 is not available", e);
    }
  }
}

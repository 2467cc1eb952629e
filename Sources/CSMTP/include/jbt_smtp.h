#ifndef JBT_SMTP_H
#define JBT_SMTP_H
#include <stddef.h>

/// Sends one message by SMTP through libcurl. `url` is smtp://host:port or smtps://host:port;
/// `starttls` requires STARTTLS on a plain connection; `user`/`password` may be NULL (no AUTH);
/// `ca_file` (may be NULL: the system's trust store) is a PEM bundle the server's certificate must chain to.
/// Returns 0 on success, otherwise libcurl's error code with a message in `error` (size `error_size`).
/// `answer` (size `answer_size`) receives the server's last reply line, control characters blanked.
int jbt_smtp_send(const char *url, int starttls, const char *user, const char *password, const char *ca_file,
                  const char *from, const char *to, const char *message, size_t length,
                  char *error, size_t error_size, char *answer, size_t answer_size);
#endif

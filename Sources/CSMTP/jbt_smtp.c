// A C shim: curl_easy_setopt is variadic and cannot be called from Swift.
#include "jbt_smtp.h"
#include <curl/curl.h>
#include <string.h>

struct source { const char *data; size_t left; };

static size_t read_message(char *buffer, size_t size, size_t count, void *userdata) {
    struct source *s = (struct source *)userdata;
    size_t room = size * count;
    size_t n = s->left < room ? s->left : room;
    memcpy(buffer, s->data, n);
    s->data += n;
    s->left -= n;
    return n;
}

/// Keeps the server's last reply line (libcurl hands SMTP replies to the debug callback as
/// incoming headers), so that a failure can say what the server answered.
struct reply { char *text; size_t size; };

static int keep_reply(CURL *handle, curl_infotype type, char *data, size_t size, void *userdata) {
    (void)handle;
    struct reply *r = (struct reply *)userdata;
    if (type != CURLINFO_HEADER_IN || r->size == 0) return 0;
    size_t n = size < r->size - 1 ? size : r->size - 1;
    while (n > 0 && (data[n - 1] == '\n' || data[n - 1] == '\r')) n--;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)data[i];
        r->text[i] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
    }
    r->text[n] = 0;
    return 0;
}

int jbt_smtp_send(const char *url, int starttls, const char *user, const char *password, const char *ca_file,
                  const char *from, const char *to, const char *message, size_t length,
                  char *error, size_t error_size, char *answer, size_t answer_size) {
    if (answer_size) answer[0] = 0;
    CURL *curl = curl_easy_init();
    if (!curl) { if (error_size) { strncpy(error, "curl_easy_init mislukt", error_size - 1); error[error_size - 1] = 0; } return -1; }
    char buffer[CURL_ERROR_SIZE] = {0};
    struct source source = { message, length };
    struct curl_slist *recipients = curl_slist_append(NULL, to);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, buffer);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(curl, CURLOPT_READDATA, &source);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    struct reply reply = { answer, answer_size };
    curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, keep_reply);
    curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &reply);
    curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
    if (starttls) curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    if (ca_file) curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file);
    if (user) curl_easy_setopt(curl, CURLOPT_USERNAME, user);
    if (password) curl_easy_setopt(curl, CURLOPT_PASSWORD, password);
    CURLcode result = curl_easy_perform(curl);
    if (result != CURLE_OK && error_size) {
        const char *text = buffer[0] ? buffer : curl_easy_strerror(result);
        strncpy(error, text, error_size - 1);
        error[error_size - 1] = 0;
    }
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    return (int)result;
}

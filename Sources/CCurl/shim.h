#ifndef GRANARY_CCURL_SHIM_H
#define GRANARY_CCURL_SHIM_H
#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic: Swift cannot call them. One typed
   wrapper per argument kind. */
typedef size_t (*granary_curl_data_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode granary_curl_set_long(CURL *curl, CURLoption option, long value) {
    return curl_easy_setopt(curl, option, value);
}
static inline CURLcode granary_curl_set_string(CURL *curl, CURLoption option, const char *value) {
    return curl_easy_setopt(curl, option, value);
}
static inline CURLcode granary_curl_set_pointer(CURL *curl, CURLoption option, void *value) {
    return curl_easy_setopt(curl, option, value);
}
static inline CURLcode granary_curl_set_callback(CURL *curl, CURLoption option, granary_curl_data_callback value) {
    return curl_easy_setopt(curl, option, value);
}
static inline CURLcode granary_curl_set_offset(CURL *curl, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(curl, option, value);
}
static inline CURLcode granary_curl_set_opensocket(CURL *curl, curl_opensocket_callback value) {
    return curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, value);
}
/* CURL_SOCKET_BAD is a macro. */
static const curl_socket_t granary_curl_socket_bad = CURL_SOCKET_BAD;
static inline CURLcode granary_curl_get_long(CURL *curl, CURLINFO info, long *value) {
    return curl_easy_getinfo(curl, info, value);
}
static inline CURLcode granary_curl_get_string(CURL *curl, CURLINFO info, char **value) {
    return curl_easy_getinfo(curl, info, value);
}
#endif

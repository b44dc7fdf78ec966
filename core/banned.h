#ifndef PM_BANNED_H
#define PM_BANNED_H

/*
 * Calls that overflow buffers or keep hidden state. Including this header
 * last in every core/ and cmd/ file turns any use of them into a compile
 * error; use struct pm_buf (core/buf.h) instead.
 */

#define PM_BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) PM_BANNED(strcpy)
#undef strcat
#define strcat(x, y) PM_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) PM_BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) PM_BANNED(strncat)
#undef sprintf
#define sprintf(...) PM_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) PM_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) PM_BANNED(strtok)
#undef gets
#define gets(x) PM_BANNED(gets)

#endif

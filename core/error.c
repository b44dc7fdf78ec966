#include "error.h"

#include <stdarg.h>

#include "banned.h"

int pm_error_set(struct pm_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	pm_buf_reset(&err->msg);
	va_start(ap, fmt);
	pm_buf_vaddf(&err->msg, fmt, ap);
	va_end(ap);
	return code;
}

int pm_error_prefix(struct pm_error *err, const char *fmt, ...)
{
	struct pm_buf b = PM_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	pm_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	pm_buf_adds(&b, ": ");
	pm_buf_add(&b, err->msg.ptr, err->msg.len);
	pm_buf_release(&err->msg);
	err->msg = b;
	return err->code;
}

void pm_error_clear(struct pm_error *err)
{
	err->code = 0;
	pm_buf_reset(&err->msg);
}

void pm_error_release(struct pm_error *err)
{
	err->code = 0;
	pm_buf_release(&err->msg);
}

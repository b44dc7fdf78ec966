/*
 * Linked into pmgit only by 'make STATIC=1', where libgit2 is part of the
 * program and the linker can stand in for what pmgit never uses: the
 * network. pmgit reads repositories; it never fetches, pushes or clones.
 *
 * libgit2's start sets up its TLS (mbedTLS: an entropy pool that runs the
 * HAVEGE collector) and its SSH transport (libssh2, which starts OpenSSL):
 * 2.4 M of the 6.3 M instructions a pre-commit hook ran, linked statically. The linker's
 * --wrap sends libgit2's calls of the two to the stand-ins below, which
 * set nothing up; TLS and SSH remain unusable in this process, which
 * opens no connection. (Were libgit2 to rename them, --wrap would find
 * nothing to wrap, and libgit2 would set them up as before.)
 *
 * libgit2 calls GSS-API for
 * one thing: HTTP "Negotiate" (Kerberos) authentication when it fetches
 * or pushes, which pmgit never does. Debian ships no static GSS-API
 * library, and linking the shared one brings back seven libraries
 * (Kerberos, its crypto, keyutils, resolv ...) to every start of pmgit;
 * these stand-ins refuse every call instead (GSS_S_FAILURE), so that a
 * Negotiate attempt in this process would fail, never authenticate.
 */
typedef unsigned int OM_uint32;

struct gss_oid_stand_in {
	OM_uint32 length;
	void *elements;
};

static struct gss_oid_stand_in no_oid;
struct gss_oid_stand_in *GSS_C_NT_HOSTBASED_SERVICE = &no_oid;

#define GSS_S_FAILURE ((OM_uint32)13 << 16)
#define REFUSE(name)                           \
	OM_uint32 name(void);                  \
	OM_uint32 name(void)                   \
	{                                      \
		return GSS_S_FAILURE;          \
	}

REFUSE(gss_display_status)
REFUSE(gss_release_buffer)
REFUSE(gss_delete_sec_context)
REFUSE(gss_import_name)
REFUSE(gss_release_name)
REFUSE(gss_init_sec_context)
REFUSE(gss_indicate_mechs)
REFUSE(gss_release_oid_set)

int __wrap_git_mbedtls_stream_global_init(void);
int __wrap_git_mbedtls_stream_global_init(void)
{
	return 0;
}

int __wrap_git_transport_ssh_global_init(void);
int __wrap_git_transport_ssh_global_init(void)
{
	return 0;
}

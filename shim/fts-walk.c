/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fts walk, written once: not compiled on its own, but included by
 * fts.c twice, once for each of glibc's two layouts (FTS/FTSENT with
 * struct stat, FTS64/FTSENT64 with struct stat64; they differ on 32-bit
 * targets). Before including it, define FTS_T, ENT_T, STAT_T and
 * FTS_PREFIX (fts_ or fts64_), and the BUILD_ kinds.
 *
 * The walk is the one BSD's fts defines and glibc's follows, step for
 * step where a program can see it: the order and fts_info of every entry,
 * fts_path and fts_accpath, the working directory between calls (without
 * FTS_NOCHDIR the walk stands in each directory it lists), the stat
 * calls FTS_NOSTAT saves, and what fts_children and fts_set change. Only
 * the means differ: directories are listed with the shim's streams and
 * every lookup and chdir is a core call, so no step takes the trap path.
 */

#define FTS_CAT2(a, b) a##b
#define FTS_CAT(a, b) FTS_CAT2(a, b)
#define L(x) FTS_CAT(FTS_PREFIX, x)

/* A new entry: the name inline, then (without FTS_NOSTAT) its stat. */
static ENT_T *L(new_ent)(FTS_T *sp, const char *name, size_t len)
{
	size_t size = sizeof(ENT_T) + len, at = 0;
	ENT_T *p;

	if (!(sp->fts_options & FTS_NOSTAT)) {
		at = (size + _Alignof(STAT_T) - 1) & ~(_Alignof(STAT_T) - 1);
		size = at + sizeof(STAT_T);
	}
	p = calloc(1, size);
	if (!p)
		return NULL;
	memcpy(p->fts_name, name, len);
	p->fts_name[len] = '\0';
	p->fts_namelen = (unsigned short)len;
	if (at)
		p->fts_statp = (STAT_T *)((char *)p + at);
	p->fts_path = sp->fts_path;
	p->fts_symfd = -1;
	p->fts_instr = FTS_NOINSTR;
	return p;
}

static void L(free_list)(ENT_T *head)
{
	while (head) {
		ENT_T *next = head->fts_link;

		free(head);
		head = next;
	}
}

/* Where the path of p's children starts: no "//" after a root "/". */
static size_t L(path_end)(const ENT_T *p)
{
	return p->fts_path[p->fts_pathlen - 1] == '/' ? p->fts_pathlen - 1u :
							  p->fts_pathlen;
}

/* Looks p up (following a final symlink or not) and names its kind. */
static unsigned short L(classify)(FTS_T *sp, ENT_T *p, bool follow)
{
	STAT_T scratch, *st = (sp->fts_options & FTS_NOSTAT) ? &scratch :
							       p->fts_statp;
	struct statx x;
	bool deref = follow || (sp->fts_options & FTS_LOGICAL);
	int r = fs_statx(AT_FDCWD, p->fts_accpath,
			 deref ? 0 : AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS,
			 &x);
	ENT_T *up;

	if (r && deref &&
	    fs_statx(AT_FDCWD, p->fts_accpath, AT_SYMLINK_NOFOLLOW,
		     STATX_BASIC_STATS, &x) == 0) {
		/* A symlink to nothing (or to itself, round and round). */
		STAT_FROM_STATX(st, &x);
		errno = 0;
		return FTS_SLNONE;
	}
	if (r) {
		p->fts_errno = -r;
		errno = -r;
		memset(st, 0, sizeof(*st));
		return FTS_NS;
	}
	STAT_FROM_STATX(st, &x);
	/* The identity that finds cycles, checks each chdir and (FTS_XDEV)
	 * the device, and (FTS_NOSTAT) the subdirectories still to come.
	 * glibc fills it in for directories only, leaving whatever the
	 * allocation held elsewhere: a root symlink that fts_set then
	 * follows compares its device with that under FTS_XDEV. Here it
	 * is the link's own, so the walk goes on as it would from a root
	 * directory on the same device. */
	p->fts_dev = st->st_dev;
	p->fts_ino = st->st_ino;
	p->fts_nlink = st->st_nlink;
	if (S_ISLNK(st->st_mode))
		return FTS_SL;
	if (S_ISREG(st->st_mode))
		return FTS_F;
	if (!S_ISDIR(st->st_mode))
		return FTS_DEFAULT;
	if (p->fts_name[0] == '.' &&
	    (!p->fts_name[1] || (p->fts_name[1] == '.' && !p->fts_name[2])))
		return FTS_DOT;
	for (up = p->fts_parent; up->fts_level >= FTS_ROOTLEVEL;
	     up = up->fts_parent)
		if (up->fts_ino == p->fts_ino && up->fts_dev == p->fts_dev) {
			p->fts_cycle = up;
			return FTS_DC;
		}
	return FTS_D;
}

/*
 * Makes p's directory the working one, through fd or, when fd is -1,
 * through path; refuses (ENOENT, as glibc does) when what it reached is
 * not the directory p was found to be. Nothing to do with FTS_NOCHDIR.
 */
static int L(enter)(FTS_T *sp, const ENT_T *p, int fd, const char *path)
{
	struct statx x;
	int r, own = -1;

	if (sp->fts_options & FTS_NOCHDIR)
		return 0;
	if (fd < 0) {
		own = fd = fs_openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
		if (fd < 0)
			return fd;
	}
	r = fs_statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &x);
	if (r == 0 && (makedev(x.stx_dev_major, x.stx_dev_minor) !=
			       p->fts_dev ||
		       x.stx_ino != p->fts_ino))
		r = -ENOENT;
	if (r == 0)
		r = fs_fchdir(fd);
	if (own >= 0)
		sys_close(own);
	return r;
}

/* Back to a directory held open (the start, or before a followed link). */
static int L(back)(FTS_T *sp, int fd)
{
	if (sp->fts_options & FTS_NOCHDIR)
		return 0;
	return fs_fchdir(fd);
}

/* Sorts a list of n entries with the program's compar (qsort's order). */
static ENT_T *L(sort)(FTS_T *sp, ENT_T *head, int n)
{
	ENT_T **a, *p;
	int i;

	if (n > sp->fts_nitems) {
		a = realloc(sp->fts_array, (size_t)(n + 40) * sizeof(*a));
		if (!a)
			return head;	/* unsorted rather than nothing */
		sp->fts_array = a;
		sp->fts_nitems = n + 40;
	}
	a = sp->fts_array;
	for (i = 0, p = head; p; p = p->fts_link)
		a[i++] = p;
	qsort(a, (size_t)n, sizeof(*a), sp->fts_compar);
	for (i = 0; i < n - 1; i++)
		a[i]->fts_link = a[i + 1];
	a[n - 1]->fts_link = NULL;
	return a[0];
}

/* A root becomes current: its path is the whole argument, its name the
 * last component (a lone "/" stays "/"). */
static void L(load_root)(FTS_T *sp, ENT_T *p)
{
	char *slash;

	p->fts_pathlen = p->fts_namelen;
	memmove(sp->fts_path, p->fts_name, p->fts_namelen + 1u);
	slash = strrchr(p->fts_name, '/');
	if (slash && (slash != p->fts_name || slash[1])) {
		size_t n = strlen(slash + 1);

		memmove(p->fts_name, slash + 1, n + 1);
		p->fts_namelen = (unsigned short)n;
	}
	p->fts_accpath = p->fts_path = sp->fts_path;
	sp->fts_dev = p->fts_dev;
}

/*
 * Lists the current directory into a chain of entries: each one looked
 * up (or, with FTS_NOSTAT on a physical walk, only those that can still
 * be directories), in directory order unless the program sorts.
 */
static ENT_T *L(build)(FTS_T *sp, int type)
{
	ENT_T *cur = sp->fts_cur, *head = NULL, *tail = NULL, *p;
	bool nostat = false, descend = false, nochdir;
	long nlinks;
	size_t len;
	char *cp = NULL;
	struct dirent *e;
	int nitems = 0, r;
	DIR *d;

	nochdir = sp->fts_options & FTS_NOCHDIR;
	d = opendir(cur->fts_accpath);
	if (!d) {
		if (type == BUILD_READ) {
			cur->fts_info = FTS_DNR;
			cur->fts_errno = errno;
		}
		return NULL;
	}
	/* How many entries may still be directories: 0 means look nothing
	 * up, -1 look up everything. */
	if (type == BUILD_NAMES) {
		nlinks = 0;
	} else if ((sp->fts_options & FTS_NOSTAT) &&
		   (sp->fts_options & FTS_PHYSICAL)) {
		nlinks = (long)cur->fts_nlink -
			 ((sp->fts_options & FTS_SEEDOT) ? 0 : 2);
		nostat = true;
	} else {
		nlinks = -1;
	}
	/* Stand in the directory to look its entries up by name. If that
	 * fails, the names are still listed, under a flag that keeps the
	 * walk from climbing back out of a directory it never entered. */
	if (nlinks || type == BUILD_READ) {
		r = L(enter)(sp, cur, dirfd(d), NULL);
		if (r) {
			if (nlinks && type == BUILD_READ)
				cur->fts_errno = -r;
			cur->fts_flags |= FTS_DONTCHDIR;
			closedir(d);
			d = NULL;
		} else {
			descend = true;
		}
	}
	len = L(path_end)(cur);
	if (nochdir) {
		cp = sp->fts_path + len;
		*cp++ = '/';
	}
	len++;
	while (d && (e = readdir(d))) {
		const char *n = e->d_name;
		size_t nlen = strlen(n);

		if (!(sp->fts_options & FTS_SEEDOT) && n[0] == '.' &&
		    (!n[1] || (n[1] == '.' && !n[2])))
			continue;
		/* fts_pathlen is an unsigned short: longer paths cannot be
		 * told to the program. */
		p = len + nlen < USHRT_MAX ? L(new_ent)(sp, n, nlen) : NULL;
		if (!p) {
			r = len + nlen < USHRT_MAX ? ENOMEM : ENAMETOOLONG;
			L(free_list)(head);
			closedir(d);
			cur->fts_info = FTS_ERR;
			sp->fts_options |= FTS_STOP;
			errno = r;
			return NULL;
		}
		p->fts_level = (short)(cur->fts_level + 1);
		p->fts_parent = cur;
		p->fts_pathlen = (unsigned short)(len + nlen);
		if (nlinks == 0 ||
		    (nostat && e->d_type != DT_DIR && e->d_type != DT_UNKNOWN)) {
			p->fts_accpath = nochdir ? p->fts_path : p->fts_name;
			p->fts_info = FTS_NSOK;
		} else {
			if (nochdir) {
				p->fts_accpath = p->fts_path;
				memcpy(cp, p->fts_name, nlen + 1);
			} else {
				p->fts_accpath = p->fts_name;
			}
			p->fts_info = L(classify)(sp, p, false);
			if (nlinks > 0 &&
			    (p->fts_info == FTS_D || p->fts_info == FTS_DC ||
			     p->fts_info == FTS_DOT))
				nlinks--;
		}
		if (tail)
			tail->fts_link = p;
		else
			head = p;
		tail = p;
		nitems++;
	}
	if (d)
		closedir(d);
	if (nochdir) {
		if (!nitems)
			cp--;
		*cp = '\0';
	}
	/* fts_children, or nothing to visit: step back out at once. */
	if (descend && (type == BUILD_CHILD || !nitems)) {
		r = cur->fts_level == FTS_ROOTLEVEL ?
			    L(back)(sp, sp->fts_rfd) :
			    L(enter)(sp, cur->fts_parent, -1, "..");
		if (r) {
			cur->fts_info = FTS_ERR;
			sp->fts_options |= FTS_STOP;
			L(free_list)(head);
			errno = -r;
			return NULL;
		}
	}
	if (!nitems) {
		if (type == BUILD_READ)
			cur->fts_info = FTS_DP;
		return NULL;
	}
	if (sp->fts_compar && nitems > 1)
		head = L(sort)(sp, head, nitems);
	return head;
}

TAMAGO_EXPORT FTS_T *L(open)(char *const *argv, int options,
			     int (*compar)(const ENT_T **, const ENT_T **))
{
	ENT_T *parent = NULL, *root = NULL, *tail = NULL, *p;
	int nitems = 0, fd;
	FTS_T *sp;

	if (options & ~FTS_OPTIONMASK) {
		errno = EINVAL;
		return NULL;
	}
	sp = calloc(1, sizeof(*sp));
	if (!sp)
		return NULL;
	sp->fts_compar = (int (*)(const void *, const void *))compar;
	sp->fts_options = options;
	/* A logical walk follows links into directories it could not
	 * climb back out of with "..": it never changes directory. */
	if (options & FTS_LOGICAL)
		sp->fts_options |= FTS_NOCHDIR;
	/* Every path an entry can tell fits (fts_pathlen is 16 bits), so
	 * the buffer never moves under the entries that point into it. */
	sp->fts_pathlen = USHRT_MAX;
	sp->fts_path = malloc(USHRT_MAX);
	if (!sp->fts_path)
		goto fail;
	if (*argv) {
		parent = L(new_ent)(sp, "", 0);
		if (!parent)
			goto fail;
		parent->fts_level = FTS_ROOTPARENTLEVEL;
	}
	for (; *argv; argv++, nitems++) {
		size_t len = strlen(*argv);

		if (!len || len >= USHRT_MAX) {
			errno = len ? ENAMETOOLONG : ENOENT;
			goto fail;
		}
		p = L(new_ent)(sp, *argv, len);
		if (!p)
			goto fail;
		p->fts_level = FTS_ROOTLEVEL;
		p->fts_parent = parent;
		p->fts_accpath = p->fts_name;
		p->fts_info = L(classify)(sp, p, options & FTS_COMFOLLOW);
		if (p->fts_info == FTS_DOT)	/* "." named by the caller */
			p->fts_info = FTS_D;
		/* glibc gathers roots to sort in reverse: equal ones then
		 * come out of qsort in the same order here as there. */
		if (compar) {
			p->fts_link = root;
			root = p;
		} else {
			if (tail)
				tail->fts_link = p;
			else
				root = p;
			tail = p;
		}
	}
	if (compar && nitems > 1)
		root = L(sort)(sp, root, nitems);
	/* A node before the roots, as if one had just been finished. */
	sp->fts_cur = L(new_ent)(sp, "", 0);
	if (!sp->fts_cur)
		goto fail;
	sp->fts_cur->fts_link = root;
	sp->fts_cur->fts_info = FTS_INIT;
	if (!(sp->fts_options & FTS_NOCHDIR)) {
		fd = fs_openat(AT_FDCWD, ".", O_RDONLY | O_CLOEXEC, 0);
		if (fd < 0)
			sp->fts_options |= FTS_NOCHDIR;	/* slower, still works */
		else
			sp->fts_rfd = fd;
	}
	return sp;
fail:
	fd = errno;
	L(free_list)(root);
	free(parent);
	free(sp->fts_path);
	free(sp);
	errno = fd;
	return NULL;
}

/* A directory reached through a followed symlink: hold its parent open,
 * the way back when the walk leaves it. */
static void L(follow)(FTS_T *sp, ENT_T *p)
{
	int fd;

	p->fts_info = L(classify)(sp, p, true);
	if (p->fts_info != FTS_D || (sp->fts_options & FTS_NOCHDIR))
		return;
	fd = fs_openat(AT_FDCWD, ".", O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0) {
		p->fts_errno = -fd;
		p->fts_info = FTS_ERR;
	} else {
		p->fts_symfd = fd;
		p->fts_flags |= FTS_SYMFOLLOW;
	}
}

TAMAGO_EXPORT ENT_T *L(read)(FTS_T *sp)
{
	ENT_T *p, *done;
	int instr, r;
	char *t;

	if (!sp->fts_cur || (sp->fts_options & FTS_STOP))
		return NULL;
	p = sp->fts_cur;
	instr = p->fts_instr;
	p->fts_instr = FTS_NOINSTR;
	if (instr == FTS_AGAIN) {
		p->fts_info = L(classify)(sp, p, false);
		return p;
	}
	if (instr == FTS_FOLLOW &&
	    (p->fts_info == FTS_SL || p->fts_info == FTS_SLNONE)) {
		L(follow)(sp, p);
		return p;
	}
	if (p->fts_info == FTS_D) {
		/* Skipped, or on another device: straight to post-order. */
		if (instr == FTS_SKIP ||
		    ((sp->fts_options & FTS_XDEV) && p->fts_dev != sp->fts_dev)) {
			if (p->fts_flags & FTS_SYMFOLLOW)
				sys_close(p->fts_symfd);
			L(free_list)(sp->fts_child);
			sp->fts_child = NULL;
			p->fts_info = FTS_DP;
			return p;
		}
		/* Names alone (fts_children's FTS_NAMEONLY) will not do. */
		if (sp->fts_child && (sp->fts_options & FTS_NAMEONLY)) {
			sp->fts_options &= ~FTS_NAMEONLY;
			L(free_list)(sp->fts_child);
			sp->fts_child = NULL;
		}
		if (sp->fts_child) {
			/* Listed by fts_children: only the chdir is left. If
			 * it fails, the children are reached by their
			 * parent's path and the error waits for post-order. */
			r = L(enter)(sp, p, -1, p->fts_accpath);
			if (r) {
				ENT_T *c;

				p->fts_errno = -r;
				p->fts_flags |= FTS_DONTCHDIR;
				for (c = sp->fts_child; c; c = c->fts_link)
					c->fts_accpath =
						c->fts_parent->fts_accpath;
			}
		} else {
			sp->fts_child = L(build)(sp, BUILD_READ);
			if (!sp->fts_child)
				return (sp->fts_options & FTS_STOP) ? NULL : p;
		}
		p = sp->fts_child;
		sp->fts_child = NULL;
		sp->fts_cur = p;
		goto name;
	}
next:
	done = p;
	p = p->fts_link;
	if (p) {
		sp->fts_cur = p;
		free(done);
		if (p->fts_level == FTS_ROOTLEVEL) {
			r = L(back)(sp, sp->fts_rfd);
			if (r) {
				sp->fts_options |= FTS_STOP;
				errno = -r;
				return NULL;
			}
			L(load_root)(sp, p);
			return p;
		}
		/* fts_set on a sibling listed by fts_children. */
		if (p->fts_instr == FTS_SKIP)
			goto next;
		if (p->fts_instr == FTS_FOLLOW) {
			L(follow)(sp, p);
			p->fts_instr = FTS_NOINSTR;
		}
name:
		t = sp->fts_path + L(path_end)(p->fts_parent);
		*t++ = '/';
		memmove(t, p->fts_name, p->fts_namelen + 1u);
		return p;
	}
	/* The last of its directory: up to the parent, in post-order. */
	p = done->fts_parent;
	sp->fts_cur = p;
	free(done);
	if (!p || p->fts_level == FTS_ROOTPARENTLEVEL) {
		free(p);	/* (no parent: fts_open had no roots) */
		sp->fts_cur = NULL;
		errno = 0;	/* the end, not an error */
		return NULL;
	}
	sp->fts_path[p->fts_pathlen] = '\0';
	if (p->fts_level == FTS_ROOTLEVEL) {
		r = L(back)(sp, sp->fts_rfd);
	} else if (p->fts_flags & FTS_SYMFOLLOW) {
		r = L(back)(sp, p->fts_symfd);
		sys_close(p->fts_symfd);
	} else if (!(p->fts_flags & FTS_DONTCHDIR)) {
		r = L(enter)(sp, p->fts_parent, -1, "..");
	} else {
		r = 0;
	}
	if (r) {
		sp->fts_options |= FTS_STOP;
		errno = -r;
		return NULL;
	}
	p->fts_info = p->fts_errno ? FTS_ERR : FTS_DP;
	return p;
}

TAMAGO_EXPORT int L(set)(FTS_T *sp, ENT_T *p, int instr)
{
	(void)sp;
	if (instr != 0 && instr != FTS_AGAIN && instr != FTS_FOLLOW &&
	    instr != FTS_NOINSTR && instr != FTS_SKIP) {
		errno = EINVAL;
		return 1;
	}
	p->fts_instr = (unsigned short)instr;
	return 0;
}

TAMAGO_EXPORT ENT_T *L(children)(FTS_T *sp, int instr)
{
	ENT_T *p = sp->fts_cur;
	int type, fd, r;

	if (instr != 0 && instr != FTS_NAMEONLY) {
		errno = EINVAL;
		return NULL;
	}
	errno = 0;	/* an empty directory is not an error */
	if (sp->fts_options & FTS_STOP)
		return NULL;
	if (p->fts_info == FTS_INIT)
		return p->fts_link;	/* the roots */
	if (p->fts_info != FTS_D)
		return NULL;
	L(free_list)(sp->fts_child);
	sp->fts_child = NULL;
	if (instr == FTS_NAMEONLY) {
		sp->fts_options |= FTS_NAMEONLY;
		type = BUILD_NAMES;
	} else {
		type = BUILD_CHILD;
	}
	/* A relative root, before fts_read entered it: come back to where
	 * the walk stood, which the build cannot tell. */
	if (p->fts_level != FTS_ROOTLEVEL || p->fts_accpath[0] == '/' ||
	    (sp->fts_options & FTS_NOCHDIR))
		return sp->fts_child = L(build)(sp, type);
	fd = fs_openat(AT_FDCWD, ".", O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0) {
		errno = -fd;
		return NULL;
	}
	sp->fts_child = L(build)(sp, type);
	r = fs_fchdir(fd);
	sys_close(fd);
	if (r) {
		errno = -r;
		return NULL;
	}
	return sp->fts_child;
}

TAMAGO_EXPORT int L(close)(FTS_T *sp)
{
	ENT_T *p, *done;
	int r = 0;

	/* From the current node along its siblings and up its parents
	 * frees every node still held (the dummy before the roots too). */
	if (sp->fts_cur) {
		for (p = sp->fts_cur; p && p->fts_level >= FTS_ROOTLEVEL;) {
			done = p;
			p = p->fts_link ? p->fts_link : p->fts_parent;
			free(done);
		}
		free(p);
	}
	L(free_list)(sp->fts_child);
	free(sp->fts_array);
	free(sp->fts_path);
	if (!(sp->fts_options & FTS_NOCHDIR)) {
		r = fs_fchdir(sp->fts_rfd);
		sys_close(sp->fts_rfd);
	}
	free(sp);
	return (int)shim_ret(r);
}

#undef L
#undef FTS_CAT
#undef FTS_CAT2

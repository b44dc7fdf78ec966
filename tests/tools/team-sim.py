"""team-sim.py PMGIT FIXTURE WORKDIR SEED STEPS [more|all|settle]

Two authors' clones of one server, each with pmgit's client hooks, the
server with its pre-receive hook, and four signers, doing in a random
order (SEED) what a team does: new postmortems, edits, Status changes,
sign-offs, finalizing, pushes and pulls (merges); with "more", also
taking sign-offs back, follow-up updates, rebases, key rotations, removed
postmortems, and pushes of edits committed and pushed past the client
hooks (--no-verify), which pre-receive alone judges; with "all", also
filing Final postmortems by year, amending, reverting and cherry-picking
the other author's last commit; with "settle", also settling a merge's
conflicts of edits, or of a file one side deleted, by taking a side of
each (or deleting it), as people do, and a keyring both sides changed
with 'pmgit keyring merge'. What a hook refuses is
settled the way pmgit says to: an add/add conflict of two postmortems
with 'pmgit renumber', a refused commit or merge with the git commands
the refusal names. Any other failure of those is a broken invariant,
and so is, at the end, any commit on the server that 'pmgit verify
--history' says broke the rules, or any postmortem 'pmgit verify' fails.

Prints what happened, counted, and "invariants hold" or what broke;
exits 1 when one did. With SIM_TRACE set in the environment, also each
step and every command it ran, with the first lines of its output; with
SIM_STOP, it stops at the first broken invariant, leaving the clones as
they are (run the test with KEEP_TRASH=1 to look at them).
"""
import datetime
import os
import random
import re
import shutil
import subprocess
import sys
from collections import Counter

pmgit, fixture, work, seed, steps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
more = sys.argv[6:] in (["more"], ["all"], ["settle"])
every = sys.argv[6:] in (["all"], ["settle"])
settle = sys.argv[6:] == ["settle"]
rnd = random.Random(seed)
root = os.path.join(work, "sim%d" % seed)
shutil.rmtree(root, ignore_errors=True)
os.makedirs(root)
log = Counter()
broken = []
signed = set()
rotations, key_of = {}, {}  # a signer's key now, once rotated (per run, both clones)
tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()


trace = os.environ.get("SIM_TRACE")


def breaks(what):
    """An invariant broken; with SIM_STOP set, stop there, the repositories as they are."""
    broken.append(what)
    if os.environ.get("SIM_STOP"):
        print("BROKEN: " + what)
        sys.exit(1)


def sh(cmd, cwd):
    r = subprocess.run(cmd, shell=True, cwd=cwd, capture_output=True, text=True)
    if trace:
        print("  [%s] $ %s -> %d\n%s" % (os.path.basename(cwd), cmd, r.returncode,
                                        "".join("      " + l + "\n" for l in (r.stdout + r.stderr).splitlines()[:12])), end="")
    return r.returncode, r.stdout + r.stderr


def named_commands(out):
    """The git commands a refusal names: ('git checkout HEAD -- PATH')."""
    return re.findall(r"\('(git [^']*)'\)", out)


srv = os.path.join(root, "server.git")
sh("git init -q --bare server.git && git -C server.git symbolic-ref HEAD refs/heads/main", root)
sh("git init -q -b main setup", root)
setup = os.path.join(root, "setup")
sh(pmgit + " init >/dev/null && git commit -q -m init", setup)
people = [("alice@example.com", "Engineering Manager"), ("bob@example.com", "SRE Lead"),
          ("erin@example.com", "VP Engineering"), ("pat@example.com", "Product Manager")]
os.makedirs(os.path.join(root, "keys"))
for who, slot in people:
    name = who.split("@")[0]
    sh("ssh-keygen -q -t ed25519 -N '' -f keys/%s -C %s" % (name, who), root)
    sh("%s keyring add %s --key ../keys/%s.pub --slot '%s'" % (pmgit, who, name, slot), setup)
sh("git commit -q -m keyring && git push -q %s main" % srv, setup)
sh("%s -C %s hooks install --server" % (pmgit, srv), root)
clones = []
for name in ("dana", "lee"):
    sh("git clone -q server.git " + name, root)
    c = os.path.join(root, name)
    sh("git config user.email %s@example.com && git config user.name %s && %s hooks install" % (name, name, pmgit), c)
    clones.append(c)
text = open(fixture, encoding="utf-8").read()


def commit(c, what):
    rc, out = sh("git add -A && git commit -q -m '%s'" % what, c)
    if rc == 0:
        log["commit " + what] += 1
        return
    if "nothing to commit" in out or "nothing added" in out:
        log["nothing to commit"] += 1
    else:
        log["commit refused: " + ",".join(sorted(set(re.findall(r"\[([a-z-]+)\]", out))))] += 1
    sh("git reset -q --hard && git clean -qfd", c)


def run_then_commit(c, cmd, what):
    """A pmgit command that changes files, then the commit; refused, undone."""
    rc, out = sh(cmd, c)
    if rc == 0:
        commit(c, what)
    else:
        log[what + " refused"] += 1
        sh("git reset -q --hard && git clean -qfd", c)


def git_or_undo(c, cmd, what, undo):
    """A git command that no hook judges; stopped (a conflict), undone."""
    rc, out = sh(cmd, c)
    if rc == 0:
        log[what] += 1
    else:
        log[what + " stopped"] += 1
        sh(undo + "; git reset -q --hard && git clean -qfd", c)


def reworded(src):
    """An author's small edit: the share of users affected, rewritten."""
    return re.sub(r"Roughly \d+%", "Roughly %d%%" % rnd.randint(10, 99), src, count=1)


def renumbered(c, what, how):
    """pmgit renumber in a merge: done, refused as both are Final (the merge is given up), or broken."""
    rc, said = sh("%s renumber %s" % (pmgit, what), c)
    if rc == 0:
        return True
    if re.search(r"both (postmortems under '[^']*'|'[^']*' and '[^']*') are Final, and a Final postmortem keeps the ID", said):
        log["renumber refused: both Final"] += 1
    else:
        breaks("renumber %s failed in %s: %s" % (what, how, said[-1200:]))
    return False


def take_sides(c):
    """Each file left in conflict settled as people do: the file as one branch has it taken
    (HEAD's or MERGE_HEAD's, not a side of the conflict, which a rename's merge may fill
    with nested markers), or deleted where that branch has none."""
    rc, unmerged = sh("git ls-files -u", c)
    for path in sorted(set(line.split("\t", 1)[1] for line in unmerged.splitlines())):
        rev = rnd.choice(["HEAD", "MERGE_HEAD"])
        if sh("git cat-file -e '%s:%s'" % (rev, path), c)[0] == 0:
            sh("git checkout %s -- '%s'" % (rev, path), c)
        else:
            sh("git rm -q -- '%s'" % path, c)


def finish_merge(c, out, how):
    """A merge git stopped: settle it as pmgit says, or record what broke."""
    docs = re.findall(r"CONFLICT \(add/add\): Merge conflict in (postmortems/INC-[0-9-]+\.md)", out)
    conflicts = re.findall(r"CONFLICT \(([a-z/]+)\): Merge conflict in (\S+)", out)
    settled_by = None
    if settle and re.search(r"CONFLICT \(content\): Merge conflict in \.pmgit/keyring\.yaml", out):
        # two keyrings that each gained a key: pmgit merges them, keeping both
        rc, said = sh("%s keyring merge" % pmgit, c)
        if rc != 0:
            breaks("keyring merge failed in %s: %s" % (how, said[-1200:]))
            return False
        log["keyring merged by pmgit keyring merge"] += 1
        out = re.sub(r"CONFLICT \(content\): Merge conflict in \.pmgit/keyring\.yaml\n?", "", out)
        if "CONFLICT" not in out:
            return commit_rounds(c, "keyring merge", how)
    if settle and re.search(r"CONFLICT \([a-z/ ]+\):.* \.pmgit/", out):
        log["conflict settled by hand (the policy files)"] += 1
        return False
    if re.search(r"CONFLICT \((modify/delete|rename/delete|rename/rename|rename/add|file location|implicit dir rename)\)", out):
        if not settle:
            log["conflict settled by hand (a record removed or moved on one side)"] += 1
            return False
        take_sides(c)
        settled_by = "taking a side of each conflict"
    elif conflicts and any(kind != "add/add" or not any(path == d or path.startswith(d[:-3] + ".signoffs/") for d in docs)
                           for kind, path in conflicts):
        if not settle:
            log["conflict settled by hand (edits of one postmortem)"] += 1
            return False
        take_sides(c)
        settled_by = "taking a side of each conflict"
    elif conflicts:
        for d in docs:
            if not renumbered(c, d, how):
                return False
        settled_by = "renumber"
    elif "merge rejected" in out and "gives yours the next free ID" in out:
        # one ID at two paths (one clone files by year): no conflict, the hook names renumber
        for i in sorted(set(re.findall(r"'pmgit renumber ([^']*)' gives yours", out))):
            if not renumbered(c, i, how):
                return False
        settled_by = "renumber (one ID at two paths)"
    elif "merge rejected" in out:
        settled_by = "the commands the refusal named"
        for cmd in named_commands(out):
            sh(cmd, c)
    else:
        breaks("%s stopped without a conflict or a refusal: %s" % (how, out[-1200:]))
        return False
    return commit_rounds(c, settled_by, how)


def commit_rounds(c, settled_by, how):
    """The merge committed, after what the refusals name, if any; False when it cannot be."""
    rc, out2 = sh("git commit -q --no-edit", c)
    # a refusal can hide the next one (a file refused whole is judged no further): at most three
    for _ in range(3 if settle else 1):
        if rc == 0 or "rejected" not in out2:
            break
        if not settled_by.endswith(" and the commands the refusal named"):
            settled_by += " and the commands the refusal named"
        for cmd in named_commands(out2):
            sh(cmd, c)
        for i in sorted(set(re.findall(r"'pmgit renumber ([^']*)' gives yours", out2))) if settle else []:
            if not renumbered(c, i, how):
                return False
        rc, out2 = sh("git commit -q --no-edit", c)
    if rc != 0:
        breaks("the merge settled by %s still could not be committed: %s" % (settled_by, out2[-1500:]))
        return False
    log["merge settled by " + settled_by] += 1
    return True


for step in range(steps):
    c = rnd.choice(clones)
    op = rnd.choice(["new", "status", "edit", "sign", "sign", "sign", "sign", "finalize",
                     "finalize", "push", "push", "pull"]
                    + (["rebase", "unsign", "update", "rotate", "no-verify", "remove"] if more else [])
                    + (["file", "amend", "revert", "cherry-pick"] if every else []))
    if trace:
        print("step %d: %s %s" % (step, os.path.basename(c), op))
    pmdir = os.path.join(c, "postmortems")
    docs = sorted("postmortems/" + f for f in os.listdir(pmdir) if f.endswith(".md")) if os.path.isdir(pmdir) else []
    if op == "new" or (not docs and op not in ("push", "pull")):
        rc, out = sh("%s new --title 'Incident %d'" % (pmgit, step), c)
        if rc != 0:
            breaks("new failed: " + out)
            continue
        path = out.strip().splitlines()[0]
        iid = os.path.basename(path)[:-3]
        # the fixture's text under this incident's own ID and title
        body = text.replace("INC-2026-0042", iid).replace("**Status**: In Review", "**Status**: Draft")
        body = body.replace("- **Severity**: P1", "- **Severity**: P2")
        open(path, "w", encoding="utf-8").write(re.sub(r"\A# .*", "# Postmortem: Incident %d" % step, body))
        commit(c, "new")
    elif op == "push":
        rc, out = sh("git push -q origin HEAD:main", c)
        if rc == 0:
            log["push"] += 1
        elif "fetch first" in out or "non-fast-forward" in out:
            log["push behind"] += 1
        elif "remote:" not in out and "pmgit: push rejected" in out:
            # pre-push refused what a rebase, a revert or an amend made; the author starts again from the server's
            log["push refused by pre-push"] += 1
            sh("git fetch -q origin && git reset -q --hard origin/main && git clean -qfd", c)
        else:
            breaks("a push the client hooks let through was refused: " + out[-1500:])
    elif op == "rotate":
        # an admin gives a signer a new key and revokes the old one from
        # tomorrow, so that what it signed stands (as keyring revoke advises)
        who, slot = rnd.choice(people)
        name = who.split("@")[0]
        gen = rotations.get(name, 0) + 1
        rotations[name] = gen
        sh("ssh-keygen -q -t ed25519 -N '' -f keys/%s.%d -C %s" % (name, gen, who), root)
        rc, out = sh("%s keyring add %s --key ../keys/%s.%d.pub && %s keyring revoke ../keys/%s.pub --reason rotated --date %s"
                     % (pmgit, who, name, gen, pmgit, key_of.get(name, name), tomorrow), c)
        if rc != 0:
            breaks("rotating %s's key failed: %s" % (who, out[-1200:]))
            sh("git reset -q --hard && git clean -qfd", c)
            continue
        key_of[name] = "%s.%d" % (name, gen)
        commit(c, "rotate")
    elif op == "no-verify":
        # an edit committed past the client hooks: pre-receive decides
        if docs:
            full = os.path.join(c, rnd.choice(docs))
            src = open(full, encoding="utf-8").read()
            open(full, "w", encoding="utf-8").write(src.replace("Roughly", "Approximately", 1))
            sh("git commit -q -a -m 'past the hooks' --no-verify", c)
            rc, out = sh("git push -q --no-verify origin HEAD:main", c)
            log["a push past the client hooks " + ("taken" if rc == 0 else "refused")] += 1
            sh("git fetch -q origin && git reset -q --hard origin/main && git clean -qfd", c)
    elif op == "remove":
        # a postmortem and its sign-offs deleted: allowed until it is Final
        if docs:
            d = rnd.choice(docs)
            sh("git rm -rq --ignore-unmatch '%s' '%s'" % (d, d[:-3] + ".signoffs"), c)
            commit(c, "remove")
    elif op == "file":
        # a Final postmortem filed by year: moved whole, nothing changed
        final = [d for d in docs if re.search(r"^\*\*Status\*\*: Final", open(os.path.join(c, d), encoding="utf-8").read(), re.M)]
        if final:
            d = rnd.choice(final)
            parts = [p for p in (d, d[:-3] + ".signoffs", d[:-3] + ".actions.yaml") if os.path.exists(os.path.join(c, p))]
            sh("mkdir -p postmortems/2026 && git mv %s postmortems/2026/" % " ".join(parts), c)
            commit(c, "file")
    elif op == "amend":
        # a fix folded into the last commit, whatever it was
        if docs:
            full = os.path.join(c, rnd.choice(docs))
            src = open(full, encoding="utf-8").read()
            open(full, "w", encoding="utf-8").write(reworded(src))
            rc, out = sh("git commit -q -a --amend --no-edit", c)
            if rc == 0:
                log["commit amend"] += 1
            else:
                log["amend refused: " + ",".join(sorted(set(re.findall(r"\[([a-z-]+)\]", out)))) if "rejected" in out else "amend failed"] += 1
                sh("git reset -q --hard && git clean -qfd", c)
    elif op == "revert":
        # the last commit undone by a new one (no client hook judges it: pre-push does)
        git_or_undo(c, "git revert --no-edit HEAD", "revert", "git revert --abort")
    elif op == "cherry-pick":
        # the other author's last commit taken over, not merged (no client hook judges it)
        other = clones[1] if c == clones[0] else clones[0]
        git_or_undo(c, "git fetch -q %s HEAD && git cherry-pick FETCH_HEAD" % other, "cherry-pick",
                    "git cherry-pick --abort")
    elif op == "rebase":
        # no hook judges what a rebase makes: pre-push does
        git_or_undo(c, "git pull -q --rebase origin main", "pull --rebase", "git rebase --abort")
    elif op == "pull":
        rc, out = sh("git pull -q --no-rebase origin main", c)
        if rc == 0:
            log["pull"] += 1
        elif not finish_merge(c, out, "a pull"):
            sh("git merge --abort; git fetch -q origin && git reset -q --hard origin/main && git clean -qfd", c)
            log["local work given up for the server's"] += 1
    else:
        d = rnd.choice(docs)
        full = os.path.join(c, d)
        src = open(full, encoding="utf-8").read()
        if op == "status":
            st = rnd.choice(["Draft", "In Review", "In Review"])
            open(full, "w", encoding="utf-8").write(
                re.sub(r"^\*\*Status\*\*: .*$", "**Status**: " + st, src, count=1, flags=re.M))
            commit(c, "status")
        elif op == "edit":
            open(full, "w", encoding="utf-8").write(reworded(src))
            commit(c, "edit")
        elif op == "sign":
            who, slot = rnd.choice(people)
            # a statement names its second: two sign-offs of one slot over
            # one content within a second would be one record, and the run's
            # course would hang on the machine's speed; so one slot signs one
            # content once (signing it again changes nothing a reviewer means)
            rc, out = sh("%s verify --format json %s" % (pmgit, d), c)
            m = re.search(r'"document_sha256": "([0-9a-f]{64})"', out)
            key = (os.path.basename(d), slot, who, m.group(1) if m else "")
            if key in signed:
                log["the same content signed again, passed over"] += 1
                continue
            signed.add(key)
            name = who.split("@")[0]
            run_then_commit(c, "%s sign %s --slot '%s' --key ../keys/%s --signer %s"
                            % (pmgit, d, slot, key_of.get(name, name), who), "sign")
        elif op == "update":
            # progress on a Final postmortem's action, beside it
            run_then_commit(c, "%s actions update %s 'Issue one certificate per region' --status %s"
                            % (pmgit, d, rnd.choice(["Done", "In Progress", "Blocked"])), "update")
        elif op == "unsign":
            # a reviewer takes a sign-off back
            recs = full[:-3] + ".signoffs"
            if os.path.isdir(recs) and os.listdir(recs):
                r = rnd.choice(sorted(os.listdir(recs)))
                sh("git rm -q '%s'" % os.path.relpath(os.path.join(recs, r), c), c)
                commit(c, "unsign")
        elif op == "finalize":
            run_then_commit(c, "%s finalize %s" % (pmgit, d), "finalize")

for c in clones:
    rc, out = sh("git pull -q --no-rebase origin main", c)
    if rc != 0 and not finish_merge(c, out, "the last pull"):
        sh("git merge --abort; git reset -q --hard origin/main", c)
    rc, out = sh("git push -q origin HEAD:main", c)
    if rc != 0 and "remote:" not in out and "pmgit: push rejected" in out:
        log["push refused by pre-push"] += 1  # what a revert, rebase or amend made: left unpushed
    elif rc != 0 and "fetch first" not in out and "non-fast-forward" not in out:
        breaks("the last push was refused: " + out[-1500:])
rc, hist = sh(pmgit + " verify --history", srv)
if rc != 0:
    breaks("verify --history on the server: " + hist[-2000:])
rc, ver = sh(pmgit + " verify --failing", srv)
if rc != 0:
    breaks("verify on the server: " + ver[-2000:])
print("seed %d, %d steps: %s" % (seed, steps, hist.strip().splitlines()[-1] if hist.strip() else ""))
for k, v in sorted(log.items()):
    print("  %4d  %s" % (v, k))
for b in broken:
    print("BROKEN: " + b)
print("invariants hold" if not broken else "%d invariants broken" % len(broken))
sys.exit(1 if broken else 0)

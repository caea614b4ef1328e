/*
 * A blkif frontend written in C against Xen's own public headers (io/ring.h, io/blkif.h from
 * Debian's libxen-dev), attaching to a BlkTrace backend through a vbd directory as design.md §3
 * describes it -- and nothing else from BlkTrace. It proves that description is enough for a
 * program in another language to interoperate.
 *
 *   blkif-cfront VBD_DIR COUNT
 *
 * Handshake: wait for xenstore/backend/state = 2; state = 1; create `grants` (1 ring page + 1 data page);
 * SHARED_RING_INIT + FRONT_RING_INIT; bind evtchn-frontend.sock; write ring-ref, event-channel,
 * protocol, state = 3 (each node atomically: temp file + rename); wait for backend state 4; push
 * COUNT one-segment WRITE requests with RING_PUSH_REQUESTS_AND_CHECK_NOTIFY, collect responses
 * with RING_FINAL_CHECK_FOR_RESPONSES, sleeping in poll(2) on the socket; check every id; state 5, 6.
 * Prints "cfront: sent N responses N bad N notifies N" and exits 0 when every response matched.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* ring.h leaves the barriers to its user (as xenctrl.h does for the tools): x86-64 orders loads
 * with loads and stores with stores, so rmb/wmb only stop the compiler; mb is a locked op. */
#define mb()  __asm__ __volatile__ ("lock addl $0, -32(%%rsp)" ::: "memory")
#define rmb() __asm__ __volatile__ ("" ::: "memory")
#define wmb() __asm__ __volatile__ ("" ::: "memory")

#include <xen/xen.h>
#include <xen/grant_table.h>
#include <xen/io/blkif.h>
#include <xen/io/ring.h>
#include <xen/io/protocols.h>
#include <xen/io/xenbus.h>

#define PAGE 4096

static const char *dir;

static void die(const char *what) { fprintf(stderr, "cfront: %s: %s\n", what, strerror(errno)); exit(2); }

static void node_write(const char *node, const char *value)
{
    char path[512], tmp[512];
    snprintf(path, sizeof path, "%s/xenstore/frontend/%s", dir, node);
    snprintf(tmp, sizeof tmp, "%s/xenstore/frontend/.%s.tmp", dir, node);
    FILE *f = fopen(tmp, "w");
    if (!f) die(tmp);
    fputs(value, f);
    fclose(f);
    if (rename(tmp, path) != 0) die(path);
}

static int node_read_int(const char *side, const char *node)
{
    char path[512], buf[64] = {0};
    snprintf(path, sizeof path, "%s/xenstore/%s/%s", dir, side, node);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return atoi(buf);
}

static void wait_backend_state(int want)
{
    for (int i = 0; i < 3000; i++) { /* 30 s */
        if (node_read_int("backend", "state") == want) return;
        usleep(10000);
    }
    fprintf(stderr, "cfront: backend never reached state %d\n", want);
    exit(2);
}

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: blkif-cfront VBD_DIR COUNT\n"); return 2; }
    dir = argv[1];
    long count = atol(argv[2]);
    char path[512];

    /* The backend creates the directory; it may not have started yet. */
    wait_backend_state(XenbusStateInitWait);
    snprintf(path, sizeof path, "%s/xenstore/frontend", dir);
    mkdir(path, 0755);
    node_write("state", "1");

    /* Grant page 0 holds the ring, page 1 the data: grant reference g is page g. */
    char tmp[512];
    snprintf(tmp, sizeof tmp, "%s/grants.tmp", dir);
    snprintf(path, sizeof path, "%s/grants", dir);
    int fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || ftruncate(fd, 2 * PAGE) != 0) die(tmp);
    if (rename(tmp, path) != 0) die(path);
    void *grants = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (grants == MAP_FAILED) die("mmap");

    blkif_sring_t *sring = grants;
    blkif_front_ring_t front;
    SHARED_RING_INIT(sring);
    FRONT_RING_INIT(&front, sring, PAGE);

    int sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    struct sockaddr_un me = { .sun_family = AF_UNIX }, peer = { .sun_family = AF_UNIX };
    snprintf(me.sun_path, sizeof me.sun_path, "%s/evtchn-frontend.sock", dir);
    snprintf(peer.sun_path, sizeof peer.sun_path, "%s/evtchn-backend.sock", dir);
    unlink(me.sun_path);
    if (bind(sock, (struct sockaddr *)&me, sizeof me) != 0) die("bind");

    node_write("ring-ref", "0");
    node_write("event-channel", "1");
    node_write("protocol", XEN_IO_PROTO_ABI_X86_64);
    node_write("state", "3");
    wait_backend_state(XenbusStateConnected);
    node_write("state", "4");

    long sent = 0, done = 0, bad = 0, notifies = 0;
    uint64_t next_id = 1, expect_id = 1;
    while (done < count) {
        while (sent < count && !RING_FULL(&front)) {
            blkif_request_t *req = RING_GET_REQUEST(&front, front.req_prod_pvt);
            req->operation = BLKIF_OP_WRITE;
            req->nr_segments = 1;
            req->handle = 0;
            req->id = next_id++;
            req->sector_number = 0;
            req->seg[0].gref = 1;
            req->seg[0].first_sect = 0;
            req->seg[0].last_sect = 7;
            front.req_prod_pvt++;
            sent++;
        }
        int notify;
        RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
        if (notify) {
            notifies++;
            sendto(sock, "!", 1, 0, (struct sockaddr *)&peer, sizeof peer);
        }

        int more;
        do {
            RING_IDX rp = front.sring->rsp_prod;
            xen_rmb();
            for (RING_IDX i = front.rsp_cons; i != rp; i++) {
                blkif_response_t *rsp = RING_GET_RESPONSE(&front, i);
                if (rsp->id != expect_id || rsp->operation != BLKIF_OP_WRITE || rsp->status != BLKIF_RSP_OKAY) bad++;
                expect_id++;
                done++;
            }
            front.rsp_cons = rp;
            RING_FINAL_CHECK_FOR_RESPONSES(&front, more);
        } while (more);

        if (done < count && (sent == count || RING_FULL(&front))) {
            struct pollfd p = { .fd = sock, .events = POLLIN };
            if (poll(&p, 1, 100) > 0) {
                char b[16];
                while (recv(sock, b, sizeof b, 0) > 0) { }
            }
        }
    }

    node_write("state", "5");
    node_write("state", "6");
    printf("cfront: sent %ld responses %ld bad %ld notifies %ld\n", sent, done, bad, notifies);
    return bad == 0 ? 0 : 1;
}

/**
 * The Lua scripts of the Redis store, each one atomic step, sent with `EVAL` (never `EVALSHA`:
 * a restarted Redis has an empty script cache). Log entries are stream entries with the
 * explicit id `<seq>-0` and the fields `k` (kind), `e` (event type) and `d` (data); a resumable
 * stream's log starts with the marker `0-1`, so it exists from the moment it is claimed.
 *
 * @internal
 * @module
 */

/**
 * KEYS: log, lease, fence. ARGV: leaseMs, ttlMs. Claims a stream with no log and no lease:
 * the fencing token is the next value of the fence counter. Returns the token, or 0.
 */
export const CLAIM = `
if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local token = redis.call('INCR', KEYS[3])
redis.call('SET', KEYS[2], token, 'PX', ARGV[1])
redis.call('XADD', KEYS[1], '0-1', 'k', 'start')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[3], ARGV[2])
return token`

/**
 * KEYS: log, lease. ARGV: token, leaseMs, ttlMs, maxLen, then seq/kind/event/data per entry.
 * Compare-and-set on the lease: only the holder of `token` writes. A terminal last entry
 * releases the lease; otherwise it is renewed. Returns 1, or 0 when fenced out.
 */
export const APPEND = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
local kind = 'event'
for i = 5, #ARGV, 4 do
  redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[4], ARGV[i] .. '-0', 'k', ARGV[i + 1], 'e', ARGV[i + 2], 'd', ARGV[i + 3])
  kind = ARGV[i + 1]
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if kind == 'event' then redis.call('PEXPIRE', KEYS[2], ARGV[2]) else redis.call('DEL', KEYS[2]) end
return 1`

/**
 * KEYS: log, lease. ARGV: data of the error entry. The state of a stream: 0 absent, 1 running,
 * 2 done, 3 reaped (the lease expired with no terminal entry: an error entry is appended).
 */
export const INSPECT = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 1 end
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
if not last then return 0 end
if last[2][2] == 'end' or last[2][2] == 'error' then return 2 end
local seq = tonumber(string.match(last[1], '^(%d+)-')) + 1
redis.call('XADD', KEYS[1], seq .. '-0', 'k', 'error', 'e', 'end', 'd', ARGV[1])
return 3`

/**
 * KEYS: log, counter. ARGV: maxLen, ttlMs, event, data. Appends one channel event numbered by
 * the counter. Returns its seq.
 */
export const PUBLISH = `
local seq = redis.call('INCR', KEYS[2])
redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[1], seq .. '-0', 'k', 'event', 'e', ARGV[3], 'd', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return seq`

/** KEYS: a stream key. ARGV: ttlMs. Appends one entry and sets a TTL (cancel and wake-ups). */
export const POKE = `
redis.call('XADD', KEYS[1], 'MAXLEN', '1', '*', 'x', '1')
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`

/**
 * KEYS: the instance's alive key. ARGV: ttlMs. Returns 1 when it existed; 0 when it had to be
 * made again, which means Redis lost its data (a restart without persistence, a flush).
 */
export const ALIVE = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) return 1 end
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
return 0`

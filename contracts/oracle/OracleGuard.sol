// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AggregatorV3Interface} from './AggregatorV3Interface.sol';

/// @title Staleness and deviation checks on a Chainlink feed, as src/risk's oracle rule does.
/// @dev `read` never reverts (a reverting feed reads as InvalidAnswer);
/// `checkedAnswer` reverts with the reason. Deviation compares the latest round with the round
/// before it: a jump larger than `maxDeviationBps` in one update is treated as suspect.
library OracleGuard {
    enum Status {
        Ok,
        InvalidAnswer,
        Stale,
        Deviation
    }

    uint256 internal constant BPS = 10_000;

    error OracleInvalidAnswer(int256 answer);
    error OracleStale(uint256 updatedAt, uint256 nowSeconds, uint256 heartbeatSeconds);
    error OracleDeviation(int256 answer, int256 previousAnswer, uint256 deviationBps, uint256 maxDeviationBps);

    struct Reading {
        Status status;
        int256 answer;
        int256 previousAnswer;
        uint256 updatedAt;
        uint256 deviationBps;
    }

    function read(AggregatorV3Interface feed, uint256 heartbeatSeconds, uint256 maxDeviationBps)
        internal
        view
        returns (Reading memory r)
    {
        uint80 roundId;
        int256 answer;
        uint256 updatedAt;
        uint80 answeredInRound;
        // A feed that reverts (no round yet, a broken proxy) is as untrustworthy as a bad answer,
        // and must not make checkUpkeep revert.
        try feed.latestRoundData() returns (uint80 latestId, int256 latestAnswer, uint256, uint256 latestUpdatedAt, uint80 latestAnsweredIn) {
            (roundId, answer, updatedAt, answeredInRound) = (latestId, latestAnswer, latestUpdatedAt, latestAnsweredIn);
        } catch {
            r.status = Status.InvalidAnswer;
            return r;
        }
        r.answer = answer;
        r.updatedAt = updatedAt;
        if (answer <= 0) {
            r.status = Status.InvalidAnswer;
            return r;
        }
        // A round from the future, never updated, carried over, or older than the heartbeat.
        if (
            updatedAt == 0 || updatedAt > block.timestamp || answeredInRound < roundId
                || block.timestamp - updatedAt > heartbeatSeconds
        ) {
            r.status = Status.Stale;
            return r;
        }
        if (roundId <= 1) return r;
        int256 previous;
        try feed.getRoundData(roundId - 1) returns (uint80, int256 p_, uint256, uint256, uint80) {
            previous = p_;
        } catch {
            return r; // no previous round to compare with
        }
        r.previousAnswer = previous;
        if (previous <= 0) return r; // nothing sane to compare with
        uint256 a = uint256(answer);
        uint256 p = uint256(previous);
        uint256 diff = a > p ? a - p : p - a;
        r.deviationBps = (diff * BPS) / p;
        if (r.deviationBps > maxDeviationBps) r.status = Status.Deviation;
    }

    /// @notice The latest answer, or a revert saying why it cannot be trusted.
    function checkedAnswer(AggregatorV3Interface feed, uint256 heartbeatSeconds, uint256 maxDeviationBps)
        internal
        view
        returns (int256)
    {
        Reading memory r = read(feed, heartbeatSeconds, maxDeviationBps);
        if (r.status == Status.InvalidAnswer) revert OracleInvalidAnswer(r.answer);
        if (r.status == Status.Stale) revert OracleStale(r.updatedAt, block.timestamp, heartbeatSeconds);
        if (r.status == Status.Deviation) {
            revert OracleDeviation(r.answer, r.previousAnswer, r.deviationBps, maxDeviationBps);
        }
        return r.answer;
    }
}

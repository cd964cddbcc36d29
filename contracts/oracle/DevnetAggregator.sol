// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from '@openzeppelin/contracts/access/Ownable.sol';
import {AggregatorV3Interface} from './AggregatorV3Interface.sol';

/// @title A Chainlink-compatible price feed the devnet drives: the owner pushes each round.
/// @dev Rounds are numbered from 1 and each answers itself (answeredInRound == roundId). The
/// owner chooses `updatedAt`, so a test can publish a stale or a future-dated round on purpose;
/// readers must check it (OracleGuard does). Reverts "No data present" like Chainlink's
/// aggregators for a round that does not exist.
contract DevnetAggregator is AggregatorV3Interface, Ownable {
    struct Round {
        int256 answer;
        uint64 startedAt;
        uint64 updatedAt;
    }

    uint8 public immutable override decimals;
    string private _description;
    uint80 public latestRound;
    mapping(uint80 => Round) private _rounds;

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    constructor(uint8 decimals_, string memory description_, address owner_) Ownable(owner_) {
        decimals = decimals_;
        _description = description_;
    }

    function description() external view override returns (string memory) {
        return _description;
    }

    function version() external pure override returns (uint256) {
        return 4;
    }

    /// @notice Publishes a new round with `answer`, updated at `updatedAt` (seconds).
    function pushAnswer(int256 answer, uint64 updatedAt) external onlyOwner returns (uint80 roundId) {
        roundId = latestRound + 1;
        latestRound = roundId;
        _rounds[roundId] = Round(answer, updatedAt, updatedAt);
        emit AnswerUpdated(answer, roundId, updatedAt);
    }

    function getRoundData(uint80 roundId)
        public
        view
        override
        returns (uint80, int256, uint256, uint256, uint80)
    {
        Round memory round = _rounds[roundId];
        require(roundId != 0 && roundId <= latestRound, 'No data present');
        return (roundId, round.answer, round.startedAt, round.updatedAt, roundId);
    }

    function latestRoundData() external view override returns (uint80, int256, uint256, uint256, uint80) {
        return getRoundData(latestRound);
    }
}

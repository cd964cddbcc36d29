// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from '@openzeppelin/contracts/access/AccessControl.sol';
import {IERC20} from '@openzeppelin/contracts/token/ERC20/IERC20.sol';
import {ERC20} from '@openzeppelin/contracts/token/ERC20/ERC20.sol';
import {ERC4626} from '@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol';
import {SafeERC20} from '@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol';
import {Pausable} from '@openzeppelin/contracts/utils/Pausable.sol';
import {Math} from '@openzeppelin/contracts/utils/math/Math.sol';
import {AggregatorV3Interface} from '../oracle/AggregatorV3Interface.sol';
import {OracleGuard} from '../oracle/OracleGuard.sol';
import {AutomationCompatibleInterface} from './AutomationCompatibleInterface.sol';
import {IDepositorPolicy} from './IDepositorPolicy.sol';
import {VaultFees} from './VaultFees.sol';

/// @title Vaultwright's ERC-4626 vault: the Solidity port of src/vault/vault.ts (its header is
/// the spec), equal to it to the wei on the same sequence of operations.
/// @dev Roles: DEFAULT_ADMIN_ROLE is the owner (fees, cap, policy, strategy, oracle, unpause,
/// role grants); KEEPER_ROLE reports the strategy's assets, allocates/deallocates, serves the
/// queue and accrues fees; GUARDIAN_ROLE pauses. The guardian can only stop the vault and the
/// owner only restart it, so a compromised guardian key cannot resume after a bad report, and
/// stopping never waits for the slower (multisig) owner.
///
/// totalAssets = asset.balanceOf(this) + deployedAssets: gains and losses enter only through
/// `reportStrategyAssets`; a donation is idle assets at once (no vault code runs).
///
/// Conversions, previews and max* include `pendingFeeShares()` (MetaMorpho's pattern), so every
/// preview equals its verb, which accrues first. The asset is assumed a plain ERC-20 (no hooks,
/// no fee on transfer).
contract Vault is ERC4626, AccessControl, Pausable, AutomationCompatibleInterface {
    using SafeERC20 for IERC20;
    using Math for uint256;

    bytes32 public constant KEEPER_ROLE = keccak256('KEEPER');
    bytes32 public constant GUARDIAN_ROLE = keccak256('GUARDIAN');
    /// A cap of 2^256 − 1 means no cap (src/vault's `null`).
    uint256 public constant NO_CAP = type(uint256).max;
    uint8 public constant MAX_DECIMALS_OFFSET = 18;
    /// Requests one performUpkeep serves at most, so any caller's gas stays bounded.
    uint256 public constant UPKEEP_MAX_REQUESTS = 20;

    uint256 public constant UPKEEP_PAUSE = 1;
    uint256 public constant UPKEEP_ACCRUE_FEES = 2;
    uint256 public constant UPKEEP_SERVE_QUEUE = 4;

    struct Config {
        IERC20 asset;
        string name;
        string symbol;
        uint8 decimalsOffset;
        address owner;
        address keeper;
        address guardian;
        address strategy;
        address feeRecipient;
        uint16 managementFeeBps;
        uint16 performanceFeeBps;
        uint256 depositCapAssets;
        IDepositorPolicy depositorPolicy;
        uint32 feeAccrualIntervalSeconds;
    }

    struct Request {
        address owner;
        uint64 requestedAt;
        uint256 shares;
    }

    struct PendingRequest {
        uint256 requestId;
        address owner;
        uint256 shares;
        uint256 requestedAt;
    }

    uint8 private immutable _offset;

    uint256 public deployedAssets;
    uint256 public depositCapAssets;
    IDepositorPolicy public depositorPolicy;
    address public strategy;

    address public feeRecipient;
    uint16 public managementFeeBps;
    uint16 public performanceFeeBps;
    uint64 public lastAccrualSeconds;
    uint256 public highWaterMarkWad;
    /// performUpkeep accrues fees at most this often (0: never; the keeper still can).
    uint32 public feeAccrualIntervalSeconds;

    mapping(uint256 => Request) private _requests;
    /// Lowest request id that may still be pending; ids start at 1 like src/vault's queue.
    uint256 public queueHead = 1;
    uint256 public nextRequestId = 1;
    /// Shares held by the vault for pending requests: a counter, so shares sent to the vault
    /// by mistake do not count.
    uint256 public lockedShares;

    AggregatorV3Interface public priceFeed;
    uint32 public heartbeatSeconds;
    uint16 public maxDeviationBps;

    error VaultDepositorNotAllowed(address receiver);
    error VaultInsufficientIdle(uint256 assets, uint256 available);
    error VaultInsufficientDeployed(uint256 assets, uint256 deployed);
    error VaultUnknownRequest(uint256 requestId);
    error VaultNotRequestOwner(uint256 requestId, address caller);
    error VaultZeroShares();
    error VaultInvalidFeeConfig(uint256 managementFeeBps, uint256 performanceFeeBps, address feeRecipient);
    error VaultInvalidDecimalsOffset(uint8 decimalsOffset);
    error VaultNoStrategy();
    error VaultStrategyBusy(uint256 deployedAssets);

    event FeesAccrued(
        address indexed feeRecipient,
        uint256 managementFeeAssets,
        uint256 performanceFeeAssets,
        uint256 feeShares,
        uint256 highWaterMarkWad
    );
    event RedeemRequested(uint256 indexed requestId, address indexed owner, uint256 shares);
    event RedeemProcessed(uint256 indexed requestId, address indexed owner, uint256 assets, uint256 shares);
    event RedeemCancelled(uint256 indexed requestId, address indexed owner, uint256 shares);
    event StrategyReported(uint256 previousDeployedAssets, uint256 deployedAssets);
    event Allocated(uint256 assets);
    event Deallocated(uint256 assets);
    event FeeConfigChanged(uint256 managementFeeBps, uint256 performanceFeeBps, address feeRecipient);
    event DepositCapChanged(uint256 depositCapAssets);
    event DepositorPolicyChanged(address policy);
    event StrategyChanged(address strategy);
    event OracleChanged(address feed, uint256 heartbeatSeconds, uint256 maxDeviationBps);
    event FeeAccrualIntervalChanged(uint256 seconds_);
    event OracleBreakerTripped(uint8 status, int256 answer);

    constructor(Config memory c) ERC20(c.name, c.symbol) ERC4626(c.asset) {
        if (c.decimalsOffset > MAX_DECIMALS_OFFSET) revert VaultInvalidDecimalsOffset(c.decimalsOffset);
        _offset = c.decimalsOffset;
        _grantRole(DEFAULT_ADMIN_ROLE, c.owner);
        if (c.keeper != address(0)) _grantRole(KEEPER_ROLE, c.keeper);
        if (c.guardian != address(0)) _grantRole(GUARDIAN_ROLE, c.guardian);
        _setFeeConfig(c.managementFeeBps, c.performanceFeeBps, c.feeRecipient);
        depositCapAssets = c.depositCapAssets;
        depositorPolicy = c.depositorPolicy;
        strategy = c.strategy;
        feeAccrualIntervalSeconds = c.feeAccrualIntervalSeconds;
        lastAccrualSeconds = uint64(block.timestamp);
        highWaterMarkWad = VaultFees.WAD;
    }

    // ── accounting ─────────────────────────────────────────────────────────────────────────

    function _decimalsOffset() internal view override returns (uint8) {
        return _offset;
    }

    function totalAssets() public view override returns (uint256) {
        return IERC20(asset()).balanceOf(address(this)) + deployedAssets;
    }

    function idleAssets() public view returns (uint256) {
        return IERC20(asset()).balanceOf(address(this));
    }

    /// @notice What an accrual now would mint and set (fees.ts `computeFeeAccrual`).
    function pendingFees() public view returns (VaultFees.Accrual memory) {
        return VaultFees.compute(
            VaultFees.Inputs({
                totalAssets: totalAssets(),
                totalSupply: totalSupply(),
                virtualShares: 10 ** _offset,
                highWaterMarkWad: highWaterMarkWad,
                elapsedSeconds: block.timestamp - lastAccrualSeconds,
                managementFeeBps: managementFeeBps,
                performanceFeeBps: performanceFeeBps
            })
        );
    }

    function pendingFeeShares() public view returns (uint256) {
        return pendingFees().feeShares;
    }

    function pricePerShareWad() external view returns (uint256) {
        return VaultFees.pricePerShareWad(totalAssets(), totalSupply() + pendingFeeShares(), 10 ** _offset);
    }

    function _convertToShares(uint256 assets, Math.Rounding rounding) internal view override returns (uint256) {
        return assets.mulDiv(totalSupply() + pendingFeeShares() + 10 ** _offset, totalAssets() + 1, rounding);
    }

    function _convertToAssets(uint256 shares, Math.Rounding rounding) internal view override returns (uint256) {
        return shares.mulDiv(totalAssets() + 1, totalSupply() + pendingFeeShares() + 10 ** _offset, rounding);
    }

    /// Idle assets owed to the queue: its locked shares at the current price, rounded up.
    function reservedAssets() public view returns (uint256) {
        return _convertToAssets(lockedShares, Math.Rounding.Ceil);
    }

    /// Idle assets free for instant exits and allocation.
    function availableAssets() public view returns (uint256) {
        uint256 idle = idleAssets();
        uint256 reserved = reservedAssets();
        return idle > reserved ? idle - reserved : 0;
    }

    function maxDeposit(address receiver) public view override returns (uint256) {
        if (paused() || !_allowed(receiver)) return 0;
        uint256 cap = depositCapAssets;
        if (cap == NO_CAP) return type(uint256).max;
        uint256 assets = totalAssets();
        return cap > assets ? cap - assets : 0;
    }

    function maxMint(address receiver) public view override returns (uint256) {
        uint256 maxAssets = maxDeposit(receiver);
        if (maxAssets == type(uint256).max) return type(uint256).max;
        return _convertToShares(maxAssets, Math.Rounding.Floor);
    }

    function maxWithdraw(address owner) public view override returns (uint256) {
        if (paused()) return 0;
        uint256 worth = _convertToAssets(_sharesOf(owner), Math.Rounding.Floor);
        uint256 available = availableAssets();
        return worth < available ? worth : available;
    }

    /// min(shares, the most shares the available assets pay at floor): ⌈(L+1)(S+V)/(A+1)⌉ − 1.
    function maxRedeem(address owner) public view override returns (uint256) {
        if (paused()) return 0;
        uint256 shares = _sharesOf(owner);
        uint256 payable_ = (availableAssets() + 1).mulDiv(
            totalSupply() + pendingFeeShares() + 10 ** _offset, totalAssets() + 1, Math.Rounding.Ceil
        ) - 1;
        return shares < payable_ ? shares : payable_;
    }

    // ── ERC-4626 verbs: pause, policy, accrue, then OpenZeppelin's checks and transfers ─────

    function deposit(uint256 assets, address receiver) public override whenNotPaused returns (uint256) {
        if (!_allowed(receiver)) revert VaultDepositorNotAllowed(receiver);
        _accrueFees();
        return super.deposit(assets, receiver);
    }

    function mint(uint256 shares, address receiver) public override whenNotPaused returns (uint256) {
        if (!_allowed(receiver)) revert VaultDepositorNotAllowed(receiver);
        _accrueFees();
        return super.mint(shares, receiver);
    }

    function withdraw(uint256 assets, address receiver, address owner)
        public
        override
        whenNotPaused
        returns (uint256)
    {
        _accrueFees();
        return super.withdraw(assets, receiver, owner);
    }

    function redeem(uint256 shares, address receiver, address owner) public override whenNotPaused returns (uint256) {
        _accrueFees();
        return super.redeem(shares, receiver, owner);
    }

    // ── withdrawal queue (withdrawal-queue.ts) ─────────────────────────────────────────────

    /// @notice Locks `shares` of the caller until the queue pays them at the processing price.
    function requestRedeem(uint256 shares) external whenNotPaused returns (uint256 requestId) {
        if (shares == 0) revert VaultZeroShares();
        _accrueFees();
        _transfer(msg.sender, address(this), shares);
        requestId = nextRequestId++;
        _requests[requestId] = Request(msg.sender, uint64(block.timestamp), shares);
        lockedShares += shares;
        emit RedeemRequested(requestId, msg.sender, shares);
    }

    /// @notice Returns a pending request's shares to its owner; allowed while paused.
    function cancelRequest(uint256 requestId) external {
        Request memory r = _requests[requestId];
        if (r.shares == 0) revert VaultUnknownRequest(requestId);
        if (r.owner != msg.sender) revert VaultNotRequestOwner(requestId, msg.sender);
        delete _requests[requestId];
        lockedShares -= r.shares;
        _transfer(address(this), r.owner, r.shares);
        emit RedeemCancelled(requestId, r.owner, r.shares);
    }

    /// @notice Serves up to `maxRequests` requests oldest first while idle assets allow.
    function processQueue(uint256 maxRequests)
        external
        onlyRole(KEEPER_ROLE)
        whenNotPaused
        returns (uint256 served, uint256 assetsPaid)
    {
        _accrueFees();
        return _serveQueue(maxRequests);
    }

    function pendingRequests() external view returns (PendingRequest[] memory list) {
        uint256 count;
        for (uint256 id = queueHead; id < nextRequestId; id++) {
            if (_requests[id].shares != 0) count++;
        }
        list = new PendingRequest[](count);
        uint256 i;
        for (uint256 id = queueHead; id < nextRequestId; id++) {
            Request memory r = _requests[id];
            if (r.shares != 0) list[i++] = PendingRequest(id, r.owner, r.shares, r.requestedAt);
        }
    }

    /// Runs right after an accrual (pending fees are zero), on the raw totals like serveFifo:
    /// each request sees the totals its predecessor left; strict FIFO, the head blocks.
    function _serveQueue(uint256 maxRequests) internal returns (uint256 served, uint256 assetsPaid) {
        IERC20 token = IERC20(asset());
        uint256 virtualShares = 10 ** _offset;
        uint256 id = queueHead;
        uint256 end = nextRequestId;
        while (id < end && served < maxRequests) {
            Request memory r = _requests[id];
            if (r.shares == 0) {
                id++;
                continue;
            }
            uint256 assets = r.shares.mulDiv(totalAssets() + 1, totalSupply() + virtualShares, Math.Rounding.Floor);
            if (assets > token.balanceOf(address(this))) break;
            delete _requests[id];
            lockedShares -= r.shares;
            _burn(address(this), r.shares);
            token.safeTransfer(r.owner, assets);
            emit RedeemProcessed(id, r.owner, assets, r.shares);
            served++;
            assetsPaid += assets;
            id++;
        }
        queueHead = id;
    }

    // ── keeper ─────────────────────────────────────────────────────────────────────────────

    /// @notice The strategy's harvest: what it holds now. Fees accrue before and after.
    function reportStrategyAssets(uint256 newDeployedAssets) external onlyRole(KEEPER_ROLE) {
        _accrueFees();
        uint256 previous = deployedAssets;
        deployedAssets = newDeployedAssets;
        emit StrategyReported(previous, newDeployedAssets);
        _accrueFees();
    }

    /// @notice Sends available idle assets to the strategy (total assets unchanged: no accrual).
    function allocate(uint256 assets) external onlyRole(KEEPER_ROLE) {
        address to = strategy;
        if (to == address(0)) revert VaultNoStrategy();
        uint256 available = availableAssets();
        if (assets > available) revert VaultInsufficientIdle(assets, available);
        deployedAssets += assets;
        IERC20(asset()).safeTransfer(to, assets);
        emit Allocated(assets);
    }

    /// @notice Pulls freed assets back from the strategy (which approved the vault).
    function deallocate(uint256 assets) external onlyRole(KEEPER_ROLE) {
        uint256 deployed = deployedAssets;
        if (assets > deployed) revert VaultInsufficientDeployed(assets, deployed);
        address from = strategy;
        if (from == address(0)) revert VaultNoStrategy();
        deployedAssets = deployed - assets;
        IERC20(asset()).safeTransferFrom(from, address(this), assets);
        emit Deallocated(assets);
    }

    function accrueFees() external onlyRole(KEEPER_ROLE) {
        _accrueFees();
    }

    // ── guardian and owner ─────────────────────────────────────────────────────────────────

    /// @notice Idempotent, like src/vault: pausing a paused vault is not an error.
    function pause() external onlyRole(GUARDIAN_ROLE) {
        if (!paused()) _pause();
    }

    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (paused()) _unpause();
    }

    /// @notice Fees due under the old config are accrued first: a change never acts retroactively.
    function setFeeConfig(uint16 managementFeeBps_, uint16 performanceFeeBps_, address feeRecipient_)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        _accrueFees();
        _setFeeConfig(managementFeeBps_, performanceFeeBps_, feeRecipient_);
    }

    function setDepositCap(uint256 depositCapAssets_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        depositCapAssets = depositCapAssets_;
        emit DepositCapChanged(depositCapAssets_);
    }

    /// @notice Zero address: anyone may deposit.
    function setDepositorPolicy(IDepositorPolicy policy) external onlyRole(DEFAULT_ADMIN_ROLE) {
        depositorPolicy = policy;
        emit DepositorPolicyChanged(address(policy));
    }

    /// @notice Only while nothing is deployed: the reported assets belong to the old strategy.
    function setStrategy(address strategy_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (deployedAssets != 0) revert VaultStrategyBusy(deployedAssets);
        strategy = strategy_;
        emit StrategyChanged(strategy_);
    }

    /// @notice Zero feed: no oracle breaker.
    function setOracle(AggregatorV3Interface feed, uint32 heartbeatSeconds_, uint16 maxDeviationBps_)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        priceFeed = feed;
        heartbeatSeconds = heartbeatSeconds_;
        maxDeviationBps = maxDeviationBps_;
        emit OracleChanged(address(feed), heartbeatSeconds_, maxDeviationBps_);
    }

    function setFeeAccrualInterval(uint32 seconds_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        feeAccrualIntervalSeconds = seconds_;
        emit FeeAccrualIntervalChanged(seconds_);
    }

    // ── oracle and automation ──────────────────────────────────────────────────────────────

    /// @notice The feed's status under the vault's heartbeat and deviation limits.
    function oracleStatus() public view returns (OracleGuard.Reading memory) {
        return OracleGuard.read(priceFeed, heartbeatSeconds, maxDeviationBps);
    }

    /// @notice The feed's latest answer, or a revert naming why it cannot be trusted.
    function checkedOracleAnswer() external view returns (int256) {
        return OracleGuard.checkedAnswer(priceFeed, heartbeatSeconds, maxDeviationBps);
    }

    /// @notice Work exists when: the oracle is stale/deviating/invalid (pause), fees are due
    /// (interval elapsed and something to mint), or the queue's head can be paid from idle.
    /// performData carries the action bits for information only: performUpkeep re-derives them.
    function checkUpkeep(bytes calldata) external view override returns (bool upkeepNeeded, bytes memory performData) {
        uint256 actions = upkeepActions();
        return (actions != 0, abi.encode(actions));
    }

    /// @notice Anyone may call (Automation forwarders, or anyone): it does only what
    /// `upkeepActions()` finds due now, with bounded gas, so a call with nothing due changes
    /// nothing; the oracle breaker pauses only while the on-chain feed is really failing.
    function performUpkeep(bytes calldata) external override {
        uint256 actions = upkeepActions();
        if (actions & UPKEEP_PAUSE != 0) {
            OracleGuard.Reading memory r = oracleStatus();
            _pause();
            emit OracleBreakerTripped(uint8(r.status), r.answer);
            return;
        }
        if (actions == 0) return;
        _accrueFees(); // the queue is priced after accrual, as processQueue does
        if (actions & UPKEEP_SERVE_QUEUE != 0) _serveQueue(UPKEEP_MAX_REQUESTS);
    }

    function upkeepActions() public view returns (uint256 actions) {
        if (paused()) return 0;
        if (address(priceFeed) != address(0) && oracleStatus().status != OracleGuard.Status.Ok) return UPKEEP_PAUSE;
        uint32 interval = feeAccrualIntervalSeconds;
        if (interval != 0 && block.timestamp - lastAccrualSeconds >= interval && pendingFeeShares() != 0) {
            actions |= UPKEEP_ACCRUE_FEES;
        }
        for (uint256 id = queueHead; id < nextRequestId; id++) {
            uint256 shares = _requests[id].shares;
            if (shares == 0) continue;
            if (_convertToAssets(shares, Math.Rounding.Floor) <= idleAssets()) actions |= UPKEEP_SERVE_QUEUE;
            break;
        }
    }

    // ── internals ──────────────────────────────────────────────────────────────────────────

    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    function _accrueFees() internal {
        VaultFees.Accrual memory a = pendingFees();
        lastAccrualSeconds = uint64(block.timestamp);
        highWaterMarkWad = a.highWaterMarkWad;
        if (a.feeShares == 0) return;
        address recipient = feeRecipient;
        _mint(recipient, a.feeShares);
        emit FeesAccrued(recipient, a.managementFeeAssets, a.performanceFeeAssets, a.feeShares, a.highWaterMarkWad);
    }

    function _setFeeConfig(uint16 mgmtBps, uint16 perfBps, address recipient) internal {
        if (
            mgmtBps > VaultFees.MAX_MANAGEMENT_FEE_BPS || perfBps > VaultFees.MAX_PERFORMANCE_FEE_BPS
                || recipient == address(0)
        ) revert VaultInvalidFeeConfig(mgmtBps, perfBps, recipient);
        managementFeeBps = mgmtBps;
        performanceFeeBps = perfBps;
        feeRecipient = recipient;
        emit FeeConfigChanged(mgmtBps, perfBps, recipient);
    }

    function _allowed(address receiver) internal view returns (bool) {
        IDepositorPolicy policy = depositorPolicy;
        return address(policy) == address(0) || policy.isAllowed(receiver);
    }

    /// The owner's shares once pending fees are minted (only the fee recipient's change).
    function _sharesOf(address owner) internal view returns (uint256) {
        uint256 shares = balanceOf(owner);
        return owner == feeRecipient ? shares + pendingFeeShares() : shares;
    }
}

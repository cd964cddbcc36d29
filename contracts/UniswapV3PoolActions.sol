// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IUniswapV3Pool} from '@uniswap/v3-core/contracts/interfaces/IUniswapV3Pool.sol';
import {IUniswapV3MintCallback} from '@uniswap/v3-core/contracts/interfaces/callback/IUniswapV3MintCallback.sol';
import {IUniswapV3SwapCallback} from '@uniswap/v3-core/contracts/interfaces/callback/IUniswapV3SwapCallback.sol';
import {IUniswapV3FlashCallback} from '@uniswap/v3-core/contracts/interfaces/callback/IUniswapV3FlashCallback.sol';
import {IERC20Minimal} from '@uniswap/v3-core/contracts/interfaces/IERC20Minimal.sol';

/// @title The project's caller of real Uniswap v3 pools: mint, swap and flash, paying in the callbacks.
/// @notice Modeled on v3-core's test/TestUniswapV3Callee.sol. The caller of `mint`/`swap` pays:
/// it must have approved this contract for both tokens. Position ownership goes to `recipient`,
/// while the pool records this contract as the `sender` of Mint and Swap events.
/// @dev Unlike the v3-core test callee, a callback is only accepted from the pool this contract
/// is calling right now (kept in transient storage), so nobody can call the callbacks directly
/// to pull tokens from an address that approved this contract.
contract UniswapV3PoolActions is IUniswapV3MintCallback, IUniswapV3SwapCallback, IUniswapV3FlashCallback {
    /// `flash` repays exactly the pool's fee when asked to pay this much on top of the loan.
    uint256 public constant PAY_FEE = type(uint256).max;

    /// The pool currently being called and who pays it; cleared when the call returns.
    address private transient _activePool;
    address private transient _payer;
    /// flash only: what to pay back, loan included, per token (PAY_FEE resolved in the callback).
    uint256 private transient _flashRepay0;
    uint256 private transient _flashRepay1;
    uint256 private transient _flashExtra0;
    uint256 private transient _flashExtra1;

    event MintCallback(uint256 amount0Owed, uint256 amount1Owed);
    event SwapCallback(int256 amount0Delta, int256 amount1Delta);
    event FlashCallback(uint256 fee0, uint256 fee1);

    error UnexpectedCallback(address caller);
    error Reentrant();
    /// A guarded swap paid out less than its minimum (the price moved past the tolerance).
    error TooLittleReceived(uint256 amountOut, uint256 amountOutMinimum);
    /// A guarded mint asked more than its maxima (the price moved past the tolerance).
    error TooMuchRequested(uint256 amount0, uint256 amount1, uint256 amount0Max, uint256 amount1Max);
    /// A guarded call mined after its deadline.
    error Expired(uint256 deadline, uint256 blockTimestamp);

    /// @notice Adds `amount` liquidity for `recipient` on [tickLower, tickUpper); msg.sender pays.
    /// @return amount0 token0 paid into the pool, as returned by the pool
    /// @return amount1 token1 paid into the pool, as returned by the pool
    function mint(address pool, address recipient, int24 tickLower, int24 tickUpper, uint128 amount)
        external
        returns (uint256 amount0, uint256 amount1)
    {
        _enter(pool);
        (amount0, amount1) = IUniswapV3Pool(pool).mint(recipient, tickLower, tickUpper, amount, '');
        _exit();
    }

    /// @notice Swaps on `pool`; msg.sender pays the input, `recipient` receives the output.
    /// @param amountSpecified exact input when positive, exact output when negative (pool semantics)
    /// @return amount0 the pool's token0 delta (positive = paid into the pool)
    /// @return amount1 the pool's token1 delta (positive = paid into the pool)
    function swap(
        address pool,
        address recipient,
        bool zeroForOne,
        int256 amountSpecified,
        uint160 sqrtPriceLimitX96
    ) external returns (int256 amount0, int256 amount1) {
        _enter(pool);
        (amount0, amount1) = IUniswapV3Pool(pool).swap(recipient, zeroForOne, amountSpecified, sqrtPriceLimitX96, '');
        _exit();
    }

    /// @notice Exact-input swap that reverts unless it pays at least `amountOutMinimum` by
    /// `deadline` (the executor's guards, as the periphery's SwapRouter enforces them).
    function swapExactInput(
        address pool,
        address recipient,
        bool zeroForOne,
        uint256 amountIn,
        uint256 amountOutMinimum,
        uint256 deadline
    ) external returns (int256 amount0, int256 amount1) {
        if (block.timestamp > deadline) revert Expired(deadline, block.timestamp);
        _enter(pool);
        uint160 limit = zeroForOne ? 4295128740 : 1461446703485210103287273052203988822378723970341;
        (amount0, amount1) = IUniswapV3Pool(pool).swap(recipient, zeroForOne, int256(amountIn), limit, '');
        _exit();
        uint256 amountOut = uint256(-(zeroForOne ? amount1 : amount0));
        if (amountOut < amountOutMinimum) revert TooLittleReceived(amountOut, amountOutMinimum);
    }

    /// @notice `mint` that reverts when the pool asks more than `amount0Max`/`amount1Max` or the
    /// call mines after `deadline` (the periphery's slippage check on a mint).
    function mintBounded(
        address pool,
        address recipient,
        int24 tickLower,
        int24 tickUpper,
        uint128 amount,
        uint256 amount0Max,
        uint256 amount1Max,
        uint256 deadline
    ) external returns (uint256 amount0, uint256 amount1) {
        if (block.timestamp > deadline) revert Expired(deadline, block.timestamp);
        _enter(pool);
        (amount0, amount1) = IUniswapV3Pool(pool).mint(recipient, tickLower, tickUpper, amount, '');
        _exit();
        if (amount0 > amount0Max || amount1 > amount1Max) revert TooMuchRequested(amount0, amount1, amount0Max, amount1Max);
    }

    /// @notice Borrows `amount0`/`amount1` to `recipient`, then msg.sender pays back the loan plus
    /// `paid0`/`paid1` on top (PAY_FEE = exactly the fee; less than the fee reverts 'F0'/'F1').
    function flash(address pool, address recipient, uint256 amount0, uint256 amount1, uint256 paid0, uint256 paid1)
        external
    {
        _enter(pool);
        _flashRepay0 = amount0;
        _flashRepay1 = amount1;
        _flashExtra0 = paid0;
        _flashExtra1 = paid1;
        IUniswapV3Pool(pool).flash(recipient, amount0, amount1, '');
        _flashRepay0 = 0;
        _flashRepay1 = 0;
        _flashExtra0 = 0;
        _flashExtra1 = 0;
        _exit();
    }

    function uniswapV3FlashCallback(uint256 fee0, uint256 fee1, bytes calldata) external override {
        address payer = _checkCaller();
        emit FlashCallback(fee0, fee1);
        uint256 pay0 = _flashRepay0 + (_flashExtra0 == PAY_FEE ? fee0 : _flashExtra0);
        uint256 pay1 = _flashRepay1 + (_flashExtra1 == PAY_FEE ? fee1 : _flashExtra1);
        if (pay0 > 0) _pay(IUniswapV3Pool(msg.sender).token0(), payer, pay0);
        if (pay1 > 0) _pay(IUniswapV3Pool(msg.sender).token1(), payer, pay1);
    }

    function uniswapV3MintCallback(uint256 amount0Owed, uint256 amount1Owed, bytes calldata) external override {
        address payer = _checkCaller();
        emit MintCallback(amount0Owed, amount1Owed);
        if (amount0Owed > 0) _pay(IUniswapV3Pool(msg.sender).token0(), payer, amount0Owed);
        if (amount1Owed > 0) _pay(IUniswapV3Pool(msg.sender).token1(), payer, amount1Owed);
    }

    function uniswapV3SwapCallback(int256 amount0Delta, int256 amount1Delta, bytes calldata) external override {
        address payer = _checkCaller();
        emit SwapCallback(amount0Delta, amount1Delta);
        if (amount0Delta > 0) _pay(IUniswapV3Pool(msg.sender).token0(), payer, uint256(amount0Delta));
        if (amount1Delta > 0) _pay(IUniswapV3Pool(msg.sender).token1(), payer, uint256(amount1Delta));
    }

    function _enter(address pool) private {
        if (_activePool != address(0)) revert Reentrant();
        _activePool = pool;
        _payer = msg.sender;
    }

    function _exit() private {
        _activePool = address(0);
        _payer = address(0);
    }

    function _checkCaller() private view returns (address payer) {
        if (msg.sender != _activePool || msg.sender == address(0)) revert UnexpectedCallback(msg.sender);
        return _payer;
    }

    /// @dev Bubbles up the token's own revert (e.g. OpenZeppelin's ERC20InsufficientAllowance).
    function _pay(address token, address payer, uint256 amount) private {
        bool ok = IERC20Minimal(token).transferFrom(payer, msg.sender, amount);
        require(ok, 'TF');
    }
}
